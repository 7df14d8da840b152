import { describe, expect, it } from 'vitest';
import { buildAvroContainer, eventySchemaV3 } from './avro-builder.fixture';
import { decodeEventyValue } from './decode-value';
import { avroEventBase64 } from './eventy-wire.fixture';

const pythonEvent = Buffer.from(avroEventBase64, 'base64');
const schema = eventySchemaV3('EVENT', 'urn:a', 'B', [{ name: 'items', type: { type: 'array', items: 'null' } }]);
const datum = {
  record_namespace: 'urn:a',
  record_name: 'B',
  type: 'EVENT',
  protocol_version: '3.0.0',
  version: '1.0.0',
  source: 'urn:a',
  uuid: '7f0c2a52-3d6e-4b8a-9c1e-5a4f2b9d8e61',
  correlation_id: 'c',
  partition_key: null,
  date_timestamp: 0,
  date_iso8601: '1970-01-01T00:00:00+00:00',
  context: {},
  data: { items: [null, null] },
};

const reasonOf = (value: Buffer) => {
  const decoded = decodeEventyValue(value);
  if (decoded.kind !== 'undecodable') throw new Error('expected undecodable');
  expect(decoded.format).toBe('avro');
  return decoded.reason;
};

function zigzagVarint(value: bigint): Buffer {
  let rest = value >= 0n ? value << 1n : (-value << 1n) - 1n;
  const bytes: number[] = [];
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest > 0n ? low | 0x80 : low);
  } while (rest > 0n);
  return Buffer.from(bytes);
}

/** The value with the first occurrence of `from` replaced by `to`. */
function replaceText(value: Buffer, from: string, to: string): Buffer {
  const at = value.indexOf(from);
  return Buffer.concat([value.subarray(0, at), Buffer.from(to), value.subarray(at + from.length)]);
}

describe('decodeEventyValue on broken Avro', () => {
  it('explains a truncated container at every cut point, never throwing', () => {
    for (let length = 4; length < pythonEvent.length; length += 1) {
      expect(reasonOf(pythonEvent.subarray(0, length))).toMatch(/^(truncated Avro container|Avro container holds no record|invalid Avro container)/);
    }
    expect(reasonOf(pythonEvent.subarray(0, 2000))).toBe('truncated Avro container: needs 196 bytes at offset 1909, 91 left');
  });

  it('notices a sync marker that does not match the header', () => {
    const value = Buffer.from(pythonEvent);
    value[value.length - 1] = value.at(-1)! ^ 0xff;
    expect(reasonOf(value)).toBe('invalid Avro container: the sync marker after the first block does not match the header');
  });

  it('refuses a codec it cannot read', () => {
    expect(reasonOf(replaceText(pythonEvent, '\x08null', '\x0csnappy'))).toBe('Avro codec "snappy" is not supported (null, deflate and zstandard are)');
  });

  it('refuses a deflate block that does not inflate', () => {
    expect(reasonOf(replaceText(pythonEvent, '\x08null', '\x0edeflate'))).toMatch(/^invalid Avro container: the deflate block does not decompress/);
  });

  it('explains a schema that is not JSON or that avsc refuses', () => {
    const notJson = buildAvroContainer(schema, datum);
    expect(reasonOf(replaceText(notJson, '{"name":"B"', '{"name" "B"'))).toMatch(/^invalid Avro container: avro.schema is not JSON/);
    expect(reasonOf(replaceText(notJson, '"name":"B"', '"name":"-"'))).toMatch(/^Avro writer schema rejected by avsc: invalid name/);
  });

  it.each([
    [10n ** 9n, /^invalid Avro datum: a block of 1000000000 items cannot fit in the value \(data.items\)$/],
    [2n ** 62n, /^invalid Avro datum: block count 4611686018427387904 at offset \d+$/],
  ])('refuses an array block of %s null items without looping over it', (count, reason) => {
    const editDatum = (raw: Buffer) => {
      const at = raw.lastIndexOf(Buffer.from([0x04, 0x00]));
      return Buffer.concat([raw.subarray(0, at), zigzagVarint(count), raw.subarray(at + 1)]);
    };
    // a decoder that looped over the count would never return: the test would hang, not fail on time
    expect(reasonOf(buildAvroContainer(schema, datum, { editDatum }))).toMatch(reason);
  });

  it('refuses a header without a record', () => {
    const value = buildAvroContainer(schema, datum);
    const headerEnd = value.indexOf(Buffer.from('0123456789abcdef')) + 16;
    expect(reasonOf(value.subarray(0, headerEnd))).toBe('Avro container holds no record (header only)');
  });

  it('refuses a datum that is not a record', () => {
    expect(reasonOf(buildAvroContainer('string', 'hello'))).toBe('Avro datum is not a record');
  });

  it('refuses a protocol 3.x datum that lacks Eventy fields', () => {
    const bare = { type: 'record', name: 'X', fields: [{ name: 'protocol_version', type: 'string' }] };
    expect(reasonOf(buildAvroContainer(bare, { protocol_version: '3.0.0' }))).toBe('not an Eventy record: missing field "type"');
  });
});

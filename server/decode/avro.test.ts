import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import type { DecodedValue } from './contract';
import { buildAvroContainer, eventySchemaV3 } from './avro-builder.fixture';
import { decodeEventyValue } from './decode-value';
import { exampleEvent, exampleRequest, exampleResponse } from './eventy-examples.fixture';
import * as wire from './eventy-wire.fixture';

const fromBase64 = (text: string) => Buffer.from(text, 'base64');

function recordOf(decoded: DecodedValue) {
  if (decoded.kind === 'undecodable') throw new Error(decoded.reason);
  return decoded;
}

const orderFields = [
  { name: 'order_id', type: 'string' },
  { name: 'total_cents', type: 'long' },
];
const v3Datum = (kind: 'EVENT' | 'REQUEST' | 'RESPONSE', namespace: string, name: string) => ({
  record_namespace: namespace,
  record_name: name,
  type: kind,
  protocol_version: '3.1.0',
  version: '1.0.0',
  source: 'urn:my-svc',
  uuid: '7f0c2a52-3d6e-4b8a-9c1e-5a4f2b9d8e61',
  correlation_id: 'my-svc:OrderPlaced:q8Zr1YwK3bE',
  partition_key: { string: 'order-1' },
  date_timestamp: 1705314600123,
  date_iso8601: '2024-01-15T10:30:00.123000+00:00',
  context: { 'urn:my-svc': { user_id: { string: 'u-1' }, admin: { boolean: false }, score: { double: 0.5 } } },
  data: { order_id: 'order-1', total_cents: 4599 },
});

describe('decodeEventyValue on Avro written by eventy 3.4.0', () => {
  it.each([
    ['Event', wire.avroEventBase64, exampleEvent],
    ['Request', wire.avroRequestBase64, exampleRequest],
    ['Response', wire.avroResponseBase64, exampleResponse],
    ['deflate Event', wire.avroEventDeflateBase64, exampleEvent],
  ])('decodes the §2.2 %s to the same record as its JSON form', (_, base64, record) => {
    const decoded = recordOf(decodeEventyValue(fromBase64(base64)));
    expect(decoded).toMatchObject({ format: 'avro', legacy: false, kind: record.type.toLowerCase(), dateMs: record.date_timestamp, warnings: [] });
    expect(decoded.record).toEqual(record);
  });

  it('unwraps the empty-map branch of an error Response to data {}', () => {
    const decoded = recordOf(decodeEventyValue(fromBase64(wire.avroErrorResponseBase64)));
    expect(decoded.record).toMatchObject({ ok: false, error_code: 402, error_message: 'card declined', partition_key: null, data: {} });
  });

  it('refuses protocol_version 4.0.0 as eventy does', () => {
    expect(decodeEventyValue(fromBase64(wire.avroProtocol4Base64))).toEqual({
      kind: 'undecodable',
      format: 'avro',
      reason: 'protocol_version 4.0.0 is not supported (eventy 3.x refuses >= 4.0.0)',
    });
  });

  it('reads a flat eventy 2.x event as legacy protocol 1.0.0, as eventy 3.4.0 does', () => {
    const decoded = recordOf(decodeEventyValue(fromBase64(wire.avroLegacyEventBase64)));
    expect(decoded).toMatchObject({ kind: 'event', legacy: true, dateMs: 1577836800000 });
    expect(decoded.record).toMatchObject({
      type: 'EVENT',
      namespace: 'urn:payment',
      name: 'PaymentAccepted',
      protocol_version: '1.0.0',
      version: '1.0.0',
      source: 'urn:unspecified',
      correlation_id: 'C:payment.accept:1234',
      partition_key: null,
      date_timestamp: 1577836800000,
      date_iso8601: '2020-01-01T00:00:00+00:00',
      context: { 'urn:shop': { user: 'u1' } },
      data: { schema_version: '0.1.0', payment_id: 'pay-1', amount: 12.5, note: null },
    });
    expect(decoded.record.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(recordOf(decodeEventyValue(fromBase64(wire.avroLegacyEventBase64))).record.uuid).toBe(decoded.record.uuid);
    expect(decoded.warnings).toEqual(['legacy record without uuid: eventy would generate a random one; a uuid derived from the value bytes is shown']);
  });

  it('reads legacy date_iso, source and odd values, with warnings for what JSON cannot hold', () => {
    const decoded = recordOf(decodeEventyValue(fromBase64(wire.avroLegacyOddBase64)));
    expect(decoded.record).toMatchObject({
      namespace: 'urn:shop:payment',
      name: 'PaymentRefused',
      source: 'urn:shop:payment',
      uuid: '0b7c9d2e-1f3a-4c5b-8d6e-7f8091a2b3c4',
      correlation_id: '0b7c9d2e-1f3a-4c5b-8d6e-7f8091a2b3c4',
      date_iso8601: '2020-01-01T00:00:00.250000+00:00',
      data: { blob: '\u0000\u00ffA', ratio: 'NaN', big: 2 ** 62 },
    });
    expect(decoded.dateMs).toBe(1577836800250);
    expect(decoded.warnings).toEqual([
      'blob: Avro bytes shown as a Latin-1 string (one character per byte)',
      'ratio: NaN kept as string "NaN"',
      'big: long 4611686018427387904 is beyond 2^53 and was read as 4611686018427388000',
      'legacy record without correlation_id: eventy would generate one; the record uuid is shown',
    ]);
  });
});

describe('decodeEventyValue on Avro built with avsc', () => {
  it.each(['EVENT', 'REQUEST'] as const)('maps a protocol 3.x %s with record_namespace and context unions', (kind) => {
    const value = buildAvroContainer(eventySchemaV3(kind, 'urn:my-svc', 'OrderPlaced', orderFields), v3Datum(kind, 'urn:my-svc', 'OrderPlaced'));
    const decoded = recordOf(decodeEventyValue(value));
    expect(decoded).toMatchObject({ kind: kind.toLowerCase(), legacy: false, dateMs: 1705314600123, warnings: [] });
    expect(decoded.record).toEqual({
      ...v3Datum(kind, 'urn:my-svc', 'OrderPlaced'),
      record_namespace: undefined,
      record_name: undefined,
      namespace: 'urn:my-svc',
      name: 'OrderPlaced',
      partition_key: 'order-1',
      context: { 'urn:my-svc': { user_id: 'u-1', admin: false, score: 0.5 } },
    });
  });

  it('unwraps both branches of a Response data union', () => {
    const schema = eventySchemaV3('RESPONSE', 'urn:billing', 'Charged', orderFields);
    const response = { destination: 'urn:my-svc', request_uuid: 'c3a1e9d4-8b2f-4f6a-a0d7-19e3b5c7f402', ok: true, error_code: null, error_message: null };
    const withData = { ...v3Datum('RESPONSE', 'urn:billing', 'Charged'), ...response, data: { 'billing.Charged_data': { order_id: 'o', total_cents: 1 } } };
    const failed = { ...withData, ok: false, error_code: { int: 7 }, error_message: { string: 'no' }, data: { map: {} } };
    expect(recordOf(decodeEventyValue(buildAvroContainer(schema, withData))).record).toMatchObject({ ...response, data: { order_id: 'o', total_cents: 1 } });
    expect(recordOf(decodeEventyValue(buildAvroContainer(schema, failed))).record).toMatchObject({ ok: false, error_code: 7, error_message: 'no', data: {} });
  });

  it('takes namespace and name from the Avro schema when record_namespace and record_name are absent', () => {
    const schema = eventySchemaV3('EVENT', 'urn:my-svc:shop', 'OrderPlaced', orderFields) as { fields: { name: string }[] };
    const fields = schema.fields.filter((field) => !field.name.startsWith('record_'));
    const { record_namespace, record_name, ...datum } = v3Datum('EVENT', '', '');
    expect([record_namespace, record_name]).toEqual(['', '']);
    const decoded = recordOf(decodeEventyValue(buildAvroContainer({ ...schema, fields }, datum)));
    expect(decoded.record).toMatchObject({ namespace: 'urn:my_svc:shop', name: 'OrderPlaced' });
  });

  it('reads a flat legacy event without date or protocol_version, with a warning', () => {
    const schema = { type: 'record', name: 'OrderShipped', namespace: 'logistics', fields: [{ name: 'correlation_id', type: 'string' }, { name: 'parcel', type: 'string' }] };
    const decoded = recordOf(decodeEventyValue(buildAvroContainer(schema, { correlation_id: 'c-1', parcel: 'p-9' })));
    expect(decoded).toMatchObject({ kind: 'event', legacy: true, dateMs: null });
    expect(decoded.record).toMatchObject({ namespace: 'urn:logistics', name: 'OrderShipped', date_timestamp: null, date_iso8601: null, data: { parcel: 'p-9' } });
    expect(decoded.warnings).toContain('legacy record without a readable date: eventy would use the time of decoding');
  });

  it('reads a zstandard block', () => {
    const value = buildAvroContainer(eventySchemaV3('EVENT', 'urn:a', 'B', orderFields), v3Datum('EVENT', 'urn:a', 'B'), { codec: 'zstandard' });
    expect(recordOf(decodeEventyValue(value)).record.data).toEqual({ order_id: 'order-1', total_cents: 4599 });
  });

  it('warns when a block holds more than one record', () => {
    const value = buildAvroContainer(eventySchemaV3('EVENT', 'urn:a', 'B', orderFields), v3Datum('EVENT', 'urn:a', 'B'), { objectCount: 2 });
    expect(recordOf(decodeEventyValue(value)).warnings).toEqual([
      'Avro container holds 2 records in its first block; only the first is shown',
    ]);
  });

  it('reads a container written by avsc\'s own BlockEncoder', async () => {
    const schema = eventySchemaV3('EVENT', 'urn:a', 'B', orderFields);
    const encoder = new avro.streams.BlockEncoder(avro.Type.forSchema(schema as avro.Schema, { wrapUnions: true }), { codec: 'deflate' });
    const chunks: Buffer[] = [];
    encoder.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise((resolve) => encoder.on('end', resolve));
    encoder.end(v3Datum('EVENT', 'urn:a', 'B'));
    await ended;
    expect(recordOf(decodeEventyValue(Buffer.concat(chunks))).record.name).toBe('B');
  });
});

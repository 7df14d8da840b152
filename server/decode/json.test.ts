import { describe, expect, it } from 'vitest';
import type { DecodedValue } from './contract';
import { decodeEventyValue } from './decode-value';
import { exampleEvent, exampleFields, exampleResponse } from './eventy-examples.fixture';
import { jsonEventLine, jsonOddEventLine, jsonRequestLine, jsonResponseLine } from './eventy-wire.fixture';

const decodeText = (text: string) => decodeEventyValue(Buffer.from(text));
const decodeFields = (fields: Record<string, unknown>) => decodeText(JSON.stringify(fields));

function reasonOf(decoded: DecodedValue): string {
  if (decoded.kind !== 'undecodable') throw new Error(`expected undecodable, got ${decoded.kind}`);
  return decoded.reason;
}

function recordOf(decoded: DecodedValue) {
  if (decoded.kind === 'undecodable') throw new Error(decoded.reason);
  return decoded;
}

describe('decodeEventyValue on JSON', () => {
  it.each([
    [jsonEventLine, 'event', 1705314600123],
    [jsonRequestLine, 'request', 1705314600150],
    [jsonResponseLine, 'response', 1705314600412],
  ])('decodes the §2.2 examples: %#', (line, kind, dateMs) => {
    expect(decodeText(line)).toMatchObject({ kind, format: 'json', legacy: false, dateMs, warnings: [] });
  });

  it('keeps bare NaN/Infinity as strings with a warning, and unescapes non-ASCII', () => {
    const decoded = recordOf(decodeText(jsonOddEventLine));
    expect(decoded.record.data).toMatchObject({ nan: 'NaN', inf: 'Infinity', ninf: '-Infinity', 'ünï': 'x' });
    expect(decoded.record.data.text).toBe('café ☕ 😀 "q" \\ \n\t\u0001\u007f\b\f\r/');
    expect(decoded.warnings).toEqual([
      'data.nan: bare NaN token kept as string "NaN"',
      'data.inf: bare Infinity token kept as string "Infinity"',
      'data.ninf: bare -Infinity token kept as string "-Infinity"',
    ]);
    expect(decoded.dateMs).toBe(Date.UTC(2024, 0, 15, 10, 30, 1));
  });

  it.each([
    ['2024-01-15T10:30:00+00:00', 0, false],
    ['2024-01-15T10:30:00.123+00:00', 123, false],
    ['2024-01-15T10:30:00.123000+00:00', 123, false],
    ['2024-01-15T10:30:00.123Z', 123, true],
    ['2024-01-15T10:30:00Z', 0, true],
  ])('reads date_iso8601 %s into dateMs', (iso, millis, warned) => {
    const decoded = recordOf(decodeFields({ ...exampleFields(exampleEvent), date_timestamp: 1705314600000 + millis, date_iso8601: iso }));
    expect(decoded.dateMs).toBe(1705314600000 + millis);
    expect(decoded.warnings.length > 0).toBe(warned);
  });

  it('falls back to date_timestamp when date_iso8601 does not parse', () => {
    const decoded = recordOf(decodeFields({ ...exampleFields(exampleEvent), date_iso8601: 'last tuesday' }));
    expect(decoded.dateMs).toBe(exampleEvent.date_timestamp);
    expect(decoded.warnings).toEqual(['date_iso8601 "last tuesday" is not an ISO date; date_timestamp used instead (eventy would reject this record)']);
  });

  it('uses date_iso8601 like eventy when the two dates disagree, and says so', () => {
    const decoded = recordOf(decodeFields({ ...exampleFields(exampleEvent), date_timestamp: 1 }));
    expect(decoded.dateMs).toBe(1705314600123);
    expect(decoded.warnings[0]).toMatch(/^date_timestamp 1 differs from date_iso8601/);
    expect(recordOf(decodeFields({ ...exampleFields(exampleEvent), date_timestamp: 1705314600122 })).warnings).toEqual([]);
  });

  it('decodes a record with unknown keys, warning that eventy would reject it', () => {
    const decoded = recordOf(decodeFields({ ...exampleFields(exampleEvent), requeued_from: 'dlq', retry: 2 }));
    expect(decoded.record).toEqual(exampleEvent);
    expect(decoded.warnings).toEqual(['unknown fields "requeued_from", "retry" ignored; eventy would reject this record']);
  });

  it('treats Response fields on an Event as unknown keys', () => {
    const decoded = recordOf(decodeFields({ ...exampleFields(exampleEvent), ok: true }));
    expect(decoded.record).not.toHaveProperty('ok');
    expect(decoded.warnings).toEqual(['unknown field "ok" ignored; eventy would reject this record']);
  });

  it('warns about values the eventy constructors would refuse', () => {
    const fields = { ...exampleFields(exampleResponse), version: '1.2', uuid: 'not-a-uuid', destination: 'urn:orders.v2', context: { 'urn:orders': 'u-981' } };
    expect(recordOf(decodeFields(fields)).warnings).toEqual([
      'version "1.2" is not SemVer; eventy would reject this record',
      'uuid "not-a-uuid" is not a UUID; eventy would reject this record',
      'destination "urn:orders.v2" is not a URN without "."; eventy would reject this record',
      'context["urn:orders"] is not an object; eventy would reject this record',
    ]);
    expect(recordOf(decodeFields({ ...exampleFields(exampleEvent), uuid: '{urn:uuid:7F0C2A523D6E4B8A9C1E5A4F2B9D8E61}' })).warnings).toEqual([]);
  });

  it('decodes a protocol 2.x record with a "schema" field as legacy', () => {
    const { namespace, name, ...fields } = exampleFields(exampleEvent);
    const decoded = recordOf(decodeFields({ ...fields, protocol_version: '2.0.0', schema: `${String(namespace)}:${String(name)}` }));
    expect(decoded).toMatchObject({ legacy: true, kind: 'event' });
    expect(decoded.record).toEqual({ ...exampleEvent, protocol_version: '2.0.0' });
    expect(decoded.warnings).toEqual(['protocol 2.x record: namespace and name split from "schema"; eventy 3.x would reject this record']);
    expect(reasonOf(decodeFields({ ...fields, schema: 'urn:orders' }))).toContain('field "schema" is not "urn:<namespace>:<name>"');
  });

  it('skips a UTF-8 byte order mark and leading whitespace', () => {
    const decoded = recordOf(decodeEventyValue(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(` \n${jsonEventLine}\n`)])));
    expect(decoded.record).toEqual(exampleEvent);
    expect(decoded.warnings).toEqual(['UTF-8 byte order mark skipped']);
  });

  it.each([
    ['missing uuid', () => { const { uuid: _uuid, ...rest } = exampleFields(exampleEvent); return rest; }, 'not an Eventy record: missing field "uuid"'],
    ['ok as a string', () => ({ ...exampleFields(exampleResponse), ok: 'yes' }), 'not an Eventy record: field "ok": expected true or false, got string "yes"'],
    ['unknown type', () => ({ ...exampleFields(exampleEvent), type: 'COMMAND' }), 'not an Eventy record: field "type": expected "EVENT", "REQUEST" or "RESPONSE", got string "COMMAND"'],
    ['no type', () => ({ hello: 'world' }), 'not an Eventy record: missing field "type"'],
    ['namespace without urn:', () => ({ ...exampleFields(exampleEvent), namespace: 'orders' }), 'not an Eventy record: field "namespace": expected a string starting with "urn:", got string "orders"'],
    ['float date_timestamp', () => ({ ...exampleFields(exampleEvent), date_timestamp: 1.5 }), 'not an Eventy record: field "date_timestamp": expected an integer, got number 1.5'],
    ['data array, context null', () => ({ ...exampleFields(exampleEvent), data: [], context: null }), 'not an Eventy record: field "context": expected an object, got null; field "data": expected an object, got an array'],
    ['Response without request_uuid', () => { const { request_uuid: _requestUuid, ...rest } = exampleFields(exampleResponse); return rest; }, 'not an Eventy record: missing field "request_uuid"'],
    ['error_code as text', () => ({ ...exampleFields(exampleResponse), error_code: '402' }), 'not an Eventy record: field "error_code": expected an integer or null, got string "402"'],
  ])('names the field when a record has %s', (_, fields, reason) => {
    expect(decodeFields(fields())).toEqual({ kind: 'undecodable', format: 'json', reason });
  });

  it.each([
    ['{"type": "EVENT",', 'invalid JSON: unexpected end of input at position 17'],
    ['{"type": EVENT}', 'invalid JSON: unexpected character "E" at position 9'],
    ['[1, 2, 3]', 'JSON value is an array, not an object'],
  ])('explains why %s is undecodable', (text, reason) => {
    expect(decodeText(text)).toEqual({ kind: 'undecodable', format: 'json', reason });
  });

  it('refuses invalid UTF-8', () => {
    const value = Buffer.concat([Buffer.from('{"type": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    expect(decodeEventyValue(value)).toEqual({ kind: 'undecodable', format: 'json', reason: 'value is not valid UTF-8' });
  });
});

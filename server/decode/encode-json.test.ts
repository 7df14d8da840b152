import { describe, expect, it } from 'vitest';
import type { DecodedRecord, EventyRecord } from './contract';
import { decodeEventyValue } from './decode-value';
import { encodeEventyJson } from './encode-json';
import { exampleEvent, exampleRequest, exampleResponse } from './eventy-examples.fixture';
import { jsonEventLine, jsonOddEventLine, jsonRequestLine, jsonResponseLine } from './eventy-wire.fixture';

const examples = [
  ['Event', exampleEvent, jsonEventLine],
  ['Request', exampleRequest, jsonRequestLine],
  ['Response', exampleResponse, jsonResponseLine],
] as const;

function decodeRecord(value: Buffer): DecodedRecord {
  const decoded = decodeEventyValue(value);
  if (decoded.kind === 'undecodable') throw new Error(decoded.reason);
  return decoded;
}

describe('encodeEventyJson', () => {
  it('writes the §2.2 Event with the spacing and key order of Python json.dumps', () => {
    expect(encodeEventyJson(exampleEvent).toString()).toMatch(/^\{"type": "EVENT", "namespace": "urn:orders", "name": "OrderPlaced", "protocol_version"/);
  });

  it.each(examples)('writes the %s byte for byte as eventy 3.4.0 does', (_, record, line) => {
    expect(encodeEventyJson(record).equals(Buffer.from(line))).toBe(true);
  });

  it.each(examples)('round-trips every field of the %s through encode and decode', (_, record, line) => {
    const decoded = decodeRecord(encodeEventyJson(record));
    expect(decoded.record).toEqual(record);
    expect(decoded.warnings).toEqual([]);
    expect(encodeEventyJson(decodeRecord(Buffer.from(line)).record).toString()).toBe(line);
  });

  it('writes non-ASCII, escapes, floats and NaN/Infinity numbers as Python does', () => {
    const record: EventyRecord = {
      ...exampleEvent,
      name: 'Odd',
      partition_key: null,
      date_timestamp: 1705314601000,
      date_iso8601: '2024-01-15T10:30:01+00:00',
      context: { 'urn:x': {} },
      data: {
        nan: Number.NaN,
        inf: Infinity,
        ninf: -Infinity,
        text: 'caf\u00e9 \u2615 \u{1F600} "q" \\ \n\t\u0001\u007f\b\f\r/',
        floats: [0.1, 1e-5, 0.0001, 123456789012345.6, 1.5, -2.5e-10, 5e-324, 1e-7, 0.30000000000000004],
        ints: [0, -1, 9007199254740991],
        nested: { b: [], a: {}, c: [null, true, false, [1, { k: 'v' }]] },
        '\u00fcn\u00ef': 'x',
      },
    };
    expect(encodeEventyJson(record).toString()).toBe(jsonOddEventLine);
  });

  it('leaves Response fields out of Events and Requests', () => {
    const event = { ...exampleEvent, destination: 'urn:x', ok: false };
    expect(encodeEventyJson(event).toString()).toBe(jsonEventLine);
  });

  it('fills Response defaults as the Python constructor does, and needs destination and request_uuid', () => {
    const { ok, error_code, error_message, ...partial } = exampleResponse;
    expect([ok, error_code, error_message]).toEqual([true, null, null]);
    expect(encodeEventyJson(partial).toString()).toBe(jsonResponseLine);
    expect(() => encodeEventyJson({ ...exampleResponse, destination: undefined })).toThrow('needs "destination"');
    expect(() => encodeEventyJson({ ...exampleResponse, request_uuid: undefined })).toThrow('needs "request_uuid"');
  });

  it('derives a missing date key from the other one, and refuses a record without date', () => {
    expect(encodeEventyJson({ ...exampleEvent, date_iso8601: null }).toString()).toBe(jsonEventLine);
    expect(encodeEventyJson({ ...exampleEvent, date_timestamp: null }).toString()).toBe(jsonEventLine);
    expect(() => encodeEventyJson({ ...exampleEvent, date_timestamp: null, date_iso8601: null })).toThrow('no readable date');
  });

  it('refuses data that Python json.dumps could not write', () => {
    expect(() => encodeEventyJson({ ...exampleEvent, data: { when: new Date(0) } })).toThrow(TypeError);
  });
});

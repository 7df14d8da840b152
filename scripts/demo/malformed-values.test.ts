import { describe, expect, it } from 'vitest';
import { decodeEventyValue } from '../../server/decode';
import { testEvent, testRequest, testResponse } from '../../testing/eventy-records';
import { malformedKinds, malformedValue, pickMalformedKind } from './malformed-values';
import { seededRng } from './random-source';

const rng = seededRng(9);

describe('malformed record values', () => {
  const event = testEvent({ data: { order_id: 'order-1', nested: { a: {} } } });

  it('truncates JSON so that it no longer decodes', () => {
    const value = malformedValue(event, 'truncated', rng);
    expect(value.length).toBeGreaterThan(0);
    expect(decodeEventyValue(value).kind).toBe('undecodable');
  });

  it('drops required fields so that eventy would refuse the record', () => {
    const value = malformedValue(event, 'missing-fields', rng).toString('utf8');
    expect(value).not.toContain('"source"');
    expect(value).not.toContain('"version"');
    expect(decodeEventyValue(Buffer.from(value)).kind).toBe('undecodable');
  });

  it('puts a bare NaN into data, which eventy and our tolerant decoder accept', () => {
    for (const record of [event, testEvent({ data: {} }), testResponse(testRequest(), { data: {} })]) {
      const value = malformedValue(record, 'nan-in-data', rng);
      expect(value.toString('utf8')).toContain('"fraud_score": NaN}}');
      const decoded = decodeEventyValue(value);
      expect(decoded.kind).toBe(record.type.toLowerCase());
      // the decoder keeps the token as the string "NaN" and says so
      if (decoded.kind !== 'undecodable') expect(decoded.warnings.join(' ')).toMatch(/NaN/);
    }
  });

  it('mixes the three kinds', () => {
    const r = seededRng(1);
    const seen = new Set(Array.from({ length: 200 }, () => pickMalformedKind(r)));
    expect([...seen].sort()).toEqual([...malformedKinds].sort());
  });
});

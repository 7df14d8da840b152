import { describe, expect, it } from 'vitest';
import { eventyRecord } from './record-fixtures';
import { extractSearchText, maxSearchTextChars, toFtsQuery } from './search-text';

describe('extractSearchText', () => {
  const decoded = {
    kind: 'response' as const,
    format: 'json' as const,
    legacy: false,
    dateMs: null,
    warnings: [],
    record: eventyRecord({
      type: 'RESPONSE',
      name: 'ChargeResult',
      error_message: 'card declined',
      context: { 'urn:orders': { user: { id: 'u-981' } } },
      data: { a: [{ b: { c: ['deepword', 42] } }], flag: true, none: null },
    }),
  };

  it('collects name, key, error text and every nested string and number, not field names', () => {
    const text = extractSearchText(decoded, 'cus-77', null);
    for (const word of ['cus-77', 'ChargeResult', 'card declined', 'u-981', 'deepword', '42']) expect(text).toContain(word);
    for (const name of ['urn:orders', 'user', 'flag']) expect(text).not.toContain(name);
  });

  it('uses the raw text of an undecodable value', () => {
    const text = extractSearchText({ kind: 'undecodable', format: 'unknown', reason: 'not JSON' }, null, Buffer.from('plain quokka'));
    expect(text).toBe('not JSON plain quokka');
  });

  it('caps the text of huge payloads', () => {
    const huge = { ...decoded, record: eventyRecord({ data: { blob: 'x '.repeat(maxSearchTextChars) } }) };
    expect(extractSearchText(huge, null, null).length).toBeLessThanOrEqual(maxSearchTextChars);
  });
});

describe('toFtsQuery', () => {
  it.each([
    ['order-1042', '"order-1042"'],
    ['two words', '"two" "words"'],
    ['foo"bar', '"foo""bar"'],
    ['AND(', '"AND("'],
    ['zanz*', '"zanz"*'],
    ['  spaced\tout  ', '"spaced" "out"'],
    ['" * ( )', null],
    ['-', null],
  ])('quotes %j as %j', (q, expected) => {
    expect(toFtsQuery(q)).toBe(expected);
  });
});

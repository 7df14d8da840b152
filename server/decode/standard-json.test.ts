import { describe, expect, it } from 'vitest';
import { parseStandardJson } from './standard-json';

describe('parseStandardJson (fast path)', () => {
  it('takes plain json.dumps output', () => {
    expect(parseStandardJson('{"a": 1, "b": {"c": [1, 2, "x"]}}')).toEqual({ value: { a: 1, b: { c: [1, 2, 'x'] } } });
  });

  it('keeps a __proto__ key as plain data', () => {
    const parsed = parseStandardJson('{"__proto__": {"polluted": true}}')!.value as Record<string, unknown>;
    expect(Object.hasOwn(parsed, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['a repeated key', '{"a": 1, "a": 2}'],
    ['an unsafe integer', '{"a": 12345678901234567890}'],
    ['an overflowing number', '{"a": 1e400}'],
    ['a bare NaN', '{"a": NaN}'],
    ['invalid JSON', '{"a": '],
    ['nesting past 1000 levels', `${'['.repeat(1001)}${']'.repeat(1001)}`],
  ])('leaves %s to the tolerant parser', (_label, text) => {
    expect(parseStandardJson(text)).toBeUndefined();
  });

  it('is only unsure (never wrong) when a string value contains a key-like token', () => {
    expect(parseStandardJson('{"a": "x\\":y"}')).toBeUndefined();
  });
});

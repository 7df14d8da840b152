import { describe, expect, it } from 'vitest';
import { parseTolerantJson } from './tolerant-json';
import { createWarningList } from './warning-list';

function parse(text: string) {
  const warnings = createWarningList();
  return { result: parseTolerantJson(text, warnings), warnings: warnings.list() };
}

describe('parseTolerantJson', () => {
  it.each([
    '{}',
    '[]',
    '{"a": [1, -2.5, 3e2, 0, -0, true, false, null, "x"], "b": {"c": {}}}',
    ' \n\t{ "a" : 1 , "b":[ ] }\r\n',
    '{"esc": "\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00 \\ud800"}',
  ])('reads standard JSON like JSON.parse: %s', (text) => {
    const { result, warnings } = parse(text);
    expect(result).toEqual({ ok: true, value: JSON.parse(text) as unknown });
    expect(warnings).toEqual([]);
  });

  it('keeps bare NaN, Infinity and -Infinity as strings, with a warning naming the path', () => {
    const { result, warnings } = parse('{"data": {"x": NaN, "list": [1, Infinity, -Infinity]}}');
    expect(result).toEqual({ ok: true, value: { data: { x: 'NaN', list: [1, 'Infinity', '-Infinity'] } } });
    expect(warnings).toEqual([
      'data.x: bare NaN token kept as string "NaN"',
      'data.list[1]: bare Infinity token kept as string "Infinity"',
      'data.list[2]: bare -Infinity token kept as string "-Infinity"',
    ]);
  });

  it('leaves the same words inside strings alone', () => {
    const { result, warnings } = parse('{"NaN": "NaN, Infinity and -Infinity", "q": "\\"NaN\\""}');
    expect(result).toEqual({ ok: true, value: { NaN: 'NaN, Infinity and -Infinity', q: '"NaN"' } });
    expect(warnings).toEqual([]);
  });

  it('warns when an integer loses precision or a number overflows', () => {
    const { result, warnings } = parse('{"big": 12345678901234567890, "huge": 1e400}');
    expect(result).toEqual({ ok: true, value: { big: 12345678901234567000, huge: 'Infinity' } });
    expect(warnings).toEqual([
      'big: integer 12345678901234567890 is beyond 2^53 and was read as 12345678901234567000',
      'huge: number 1e400 overflows a double, kept as string "Infinity"',
    ]);
  });

  it('keeps the last of duplicate keys, as Python does, with a warning', () => {
    const { result, warnings } = parse('{"a": 1, "a": 2}');
    expect(result).toEqual({ ok: true, value: { a: 2 } });
    expect(warnings).toEqual(['a: duplicate key, the last value is kept']);
  });

  it('keeps a "__proto__" key as plain data', () => {
    const { result } = parse('{"__proto__": {"polluted": true}}');
    expect(result.ok).toBe(true);
    const value = (result as { value: Record<string, unknown> }).value;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['{"a": 1,}', 'expected a property name in double quotes at position 8'],
    ['{"a" 1}', "expected ':' at position 5"],
    ['{"a": 1 "b": 2}', "expected ',' or '}' at position 8"],
    ['[1 2]', "expected ',' or ']' at position 3"],
    ['{"a": "b', 'unterminated string at position 6'],
    ['{"a": "\\x"}', 'invalid escape in string at position 6'],
    ['{"a": "\u0001"}', 'control character in string at position 7'],
    ['{"a": nan}', 'unexpected character "n" at position 6'],
    ['{"a": -}', 'invalid number at position 6'],
    ['{"a": 1', 'unexpected end of input at position 7'],
    ['{"a": 1} x', 'unexpected data after the JSON value at position 9'],
    ['{"a": tru}', 'unexpected character "t" at position 6'],
  ])('reports %s as invalid: %s', (text, error) => {
    expect(parse(text).result).toEqual({ ok: false, error });
  });

  it('refuses nesting deeper than Python could read', () => {
    const deep = `${'['.repeat(1001)}${']'.repeat(1001)}`;
    expect(parse(deep).result).toEqual({ ok: false, error: 'nesting deeper than 1000 levels at position 1000' });
    expect(parse(`${'['.repeat(1000)}${']'.repeat(1000)}`).result.ok).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { dumpsPythonJson, formatPythonNumber, quotePythonString } from './python-json';

describe('dumpsPythonJson', () => {
  it('escapes like json.dumps with ensure_ascii (Python output copied here)', () => {
    const text = 'caf\u00e9 \u2615 \u{1F600} "q" \\ \n\t\u0001\u007f\b\f\r/ ~';
    expect(quotePythonString(text)).toBe(String.raw`"caf\u00e9 \u2615 \ud83d\ude00 \"q\" \\ \n\t\u0001\u007f\b\f\r/ ~"`);
    expect(quotePythonString('plain ascii')).toBe('"plain ascii"');
    expect(quotePythonString('\ud800 lone')).toBe(String.raw`"\ud800 lone"`);
  });

  it.each([
    [0.1, '0.1'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [123456789012345.6, '123456789012345.6'],
    [1.5, '1.5'],
    [-2.5e-10, '-2.5e-10'],
    [5e-324, '5e-324'],
    [1e-7, '1e-07'],
    [0.30000000000000004, '0.30000000000000004'],
    [1234567890123456.5, '1234567890123456.5'],
    [1.5e-20, '1.5e-20'],
    [-0, '-0.0'],
    [Number.NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
    [0, '0'],
    [4599, '4599'],
    [-1, '-1'],
    [1e21, '1000000000000000000000'],
  ])('writes %s as Python does: %s', (value, expected) => {
    expect(formatPythonNumber(value)).toBe(expected);
  });

  it('writes integral numbers as ints, since JS cannot tell a Python float 1e16 from an int', () => {
    expect(formatPythonNumber(1e16)).toBe('10000000000000000');
    expect(formatPythonNumber(1.0)).toBe('1');
  });

  it('writes containers with ", " and ": " in insertion order', () => {
    const value = { b: [], a: {}, c: [null, true, false, [1, { k: 'v' }]], big: 12345678901234567890n };
    expect(dumpsPythonJson(value)).toBe('{"b": [], "a": {}, "c": [null, true, false, [1, {"k": "v"}]], "big": 12345678901234567890}');
  });

  it.each([
    ['undefined', undefined],
    ['a function', () => 1],
    ['a Date', new Date(0)],
    ['a Buffer', Buffer.from('x')],
  ])('refuses %s as Python refuses unknown types', (_, value) => {
    expect(() => dumpsPythonJson({ value })).toThrow(TypeError);
  });

  it('refuses circular references', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => dumpsPythonJson(loop)).toThrow('circular reference detected');
    const shared = { x: 1 };
    expect(dumpsPythonJson([shared, shared])).toBe('[{"x": 1}, {"x": 1}]');
  });
});

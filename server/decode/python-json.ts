import { isPlainObject } from './own-property';

/**
 * Serializes like Python's `json.dumps` with default options: separators ", " and ": ",
 * everything outside printable ASCII escaped as lowercase `\uXXXX` (UTF-16 units, so astral
 * characters become surrogate pairs), NaN/Infinity as bare tokens, objects in key order.
 * Limitation: a JS number cannot say whether Python held an int or a float, so integral
 * numbers are written as ints (`1`, never `1.0`); other numbers follow Python's float repr.
 * Also, JS objects list integer-like keys ("2") before other keys, whatever the wire order was.
 */
export function dumpsPythonJson(value: unknown): string {
  return toPythonJson(value, new Set());
}

function toPythonJson(value: unknown, ancestors: Set<object>): string {
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'string') return quotePythonString(value);
  if (typeof value === 'number') return formatPythonNumber(value);
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value) || isPlainObject(value)) {
    if (ancestors.has(value)) throw new TypeError('circular reference detected');
    ancestors.add(value);
    const text = Array.isArray(value) ? arrayToPythonJson(value, ancestors) : objectToPythonJson(value, ancestors);
    ancestors.delete(value);
    return text;
  }
  throw new TypeError(`a value of type ${describeType(value)} is not JSON serializable`);
}

function arrayToPythonJson(array: unknown[], ancestors: Set<object>): string {
  let out = '[';
  for (let i = 0; i < array.length; i += 1) {
    if (i > 0) out += ', ';
    out += toPythonJson(array[i], ancestors);
  }
  return `${out}]`;
}

function objectToPythonJson(object: Record<string, unknown>, ancestors: Set<object>): string {
  let out = '{';
  let first = true;
  for (const key of Object.keys(object)) {
    if (!first) out += ', ';
    first = false;
    out += `${quotePythonString(key)}: ${toPythonJson(object[key], ancestors)}`;
  }
  return `${out}}`;
}

function describeType(value: unknown): string {
  return typeof value === 'object' && value !== null ? (value.constructor?.name ?? 'object') : typeof value;
}

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const HAS_ESCAPE = /[^\x20\x21\x23-\x5b\x5d-\x7e]/;
const EACH_ESCAPE = /[^\x20\x21\x23-\x5b\x5d-\x7e]/g;
// Built once per UTF-16 unit: text full of "é" would otherwise format the same escape millions of times.
const unicodeEscapes = new Map<string, string>();

function escapeChar(char: string): string {
  const short = SHORT_ESCAPES[char];
  if (short !== undefined) return short;
  let escape = unicodeEscapes.get(char);
  if (escape === undefined) {
    escape = `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
    unicodeEscapes.set(char, escape);
  }
  return escape;
}

export function quotePythonString(text: string): string {
  return HAS_ESCAPE.test(text) ? `"${text.replace(EACH_ESCAPE, escapeChar)}"` : `"${text}"`;
}

/** Python's repr of the number (ints for integral values, see the module limitation). */
export function formatPythonNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (Object.is(value, -0)) return '-0.0';
  if (Number.isSafeInteger(value)) return String(value);
  if (Number.isInteger(value)) return BigInt(value).toString();
  // Non-integral doubles are below 2^53; from 1e-4 up both languages write the shortest digits in fixed notation.
  if (Math.abs(value) >= 1e-4) return String(value);
  // Below, Python uses an exponent of at least two digits (1e-05) where JS stays fixed down to 1e-7.
  const [mantissa = '', exponent = ''] = value.toExponential().split('e');
  return `${mantissa}e-${exponent.slice(1).padStart(2, '0')}`;
}

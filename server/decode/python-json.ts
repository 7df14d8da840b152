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
  const parts: string[] = [];
  writeValue(value, parts, new Set());
  return parts.join('');
}

function writeValue(value: unknown, parts: string[], ancestors: Set<object>): void {
  if (value === null) parts.push('null');
  else if (value === true) parts.push('true');
  else if (value === false) parts.push('false');
  else if (typeof value === 'string') parts.push(quotePythonString(value));
  else if (typeof value === 'number') parts.push(formatPythonNumber(value));
  else if (typeof value === 'bigint') parts.push(value.toString());
  else if (Array.isArray(value)) writeContainer(value, '[', ']', parts, ancestors, (item) => writeValue(item, parts, ancestors));
  else if (isPlainObject(value)) {
    writeContainer(Object.entries(value), '{', '}', parts, ancestors, ([key, item]) => {
      parts.push(quotePythonString(key), ': ');
      writeValue(item, parts, ancestors);
    }, value);
  } else throw new TypeError(`a value of type ${describeType(value)} is not JSON serializable`);
}

function writeContainer<T>(
  items: T[],
  open: string,
  close: string,
  parts: string[],
  ancestors: Set<object>,
  writeItem: (item: T) => void,
  owner: object = items,
): void {
  if (ancestors.has(owner)) throw new TypeError('circular reference detected');
  ancestors.add(owner);
  parts.push(open);
  items.forEach((item, i) => {
    if (i > 0) parts.push(', ');
    writeItem(item);
  });
  parts.push(close);
  ancestors.delete(owner);
}

function describeType(value: unknown): string {
  return typeof value === 'object' && value !== null ? (value.constructor?.name ?? 'object') : typeof value;
}

const SHORT_ESCAPES: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 0x08: '\\b', 0x0c: '\\f', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t' };
const NEEDS_ESCAPE = /[^\x20\x21\x23-\x5b\x5d-\x7e]/;

export function quotePythonString(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return `"${text}"`;
  let out = '"';
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const short = SHORT_ESCAPES[code];
    if (short !== undefined) out += short;
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += text[i];
  }
  return `${out}"`;
}

/** Python's repr of the number (ints for integral values, see the module limitation). */
export function formatPythonNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (Object.is(value, -0)) return '-0.0';
  if (Number.isInteger(value)) return BigInt(value).toString();
  return formatPythonFloatRepr(value);
}

// Python's float repr: shortest round-trip digits, exponent form when the decimal point
// position is below -3 or above 16 (so 1e-05 and 1e+16, but 0.0001 and 1234567890123456.0).
function formatPythonFloatRepr(value: number): string {
  const [mantissa = '', exponentText = '0'] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  const sign = value < 0 ? '-' : '';
  const point = exponent + 1;
  if (point <= -4 || point > 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const exponentSign = exponent < 0 ? '-' : '+';
    return `${sign}${digits[0]}${fraction}e${exponentSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

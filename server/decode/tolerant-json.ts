import { setOwnProperty } from './own-property';
import { parseStandardJson } from './standard-json';
import { formatValuePath, type WarningList } from './warning-list';

export type TolerantJsonResult = { ok: true; value: unknown } | { ok: false; error: string };

// Python's json.loads hits its recursion limit near this depth, so eventy could not read deeper input either.
const MAX_DEPTH = 1000;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const INTEGER = /^-?\d+$/;

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

/**
 * Parses JSON as Python's json.loads does: besides standard JSON it takes the bare tokens
 * `NaN`, `Infinity` and `-Infinity` that json.dumps writes for non-finite floats.
 * Those become the strings "NaN", "Infinity", "-Infinity" (JSON-safe downstream) with a warning.
 */
export function parseTolerantJson(text: string, warnings: WarningList): TolerantJsonResult {
  const standard = parseStandardJson(text);
  if (standard) return { ok: true, value: standard.value };
  try {
    return { ok: true, value: createParser(text, warnings).parseDocument() };
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return { ok: false, error: `${error.message} at position ${error.position}` };
  }
}

function createParser(text: string, warnings: WarningList) {
  const path: (string | number)[] = [];
  let pos = 0;

  const fail = (message: string, at = pos) =>
    at >= text.length ? new JsonSyntaxError('unexpected end of input', text.length) : new JsonSyntaxError(message, at);

  function skipWhitespace(): void {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      pos += 1;
    }
  }

  function parseValue(depth: number): unknown {
    skipWhitespace();
    const c = text.charCodeAt(pos);
    if (c === 0x7b) return parseObject(depth + 1);
    if (c === 0x5b) return parseArray(depth + 1);
    if (c === 0x22) return parseString();
    if (c === 0x74) return parseLiteral('true', true);
    if (c === 0x66) return parseLiteral('false', false);
    if (c === 0x6e) return parseLiteral('null', null);
    if (c === 0x4e) return parseNonFinite('NaN');
    if (c === 0x49) return parseNonFinite('Infinity');
    if (c === 0x2d && text.startsWith('-Infinity', pos)) return parseNonFinite('-Infinity');
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return parseNumber();
    throw fail(`unexpected character ${JSON.stringify(text[pos])}`);
  }

  function parseLiteral(token: string, value: unknown): unknown {
    if (!text.startsWith(token, pos)) throw fail(`unexpected character ${JSON.stringify(text[pos])}`);
    pos += token.length;
    return value;
  }

  function parseNonFinite(token: 'NaN' | 'Infinity' | '-Infinity'): string {
    parseLiteral(token, null);
    warnings.add(`${formatValuePath(path)}: bare ${token} token kept as string "${token}"`);
    return token;
  }

  function parseNumber(): number | string {
    NUMBER.lastIndex = pos;
    const token = NUMBER.exec(text)?.[0];
    if (token === undefined) throw fail('invalid number');
    pos += token.length;
    const value = Number(token);
    if (!Number.isFinite(value)) {
      const kept = value > 0 ? 'Infinity' : '-Infinity';
      warnings.add(`${formatValuePath(path)}: number ${token} overflows a double, kept as string "${kept}"`);
      return kept;
    }
    if (!Number.isSafeInteger(value) && INTEGER.test(token)) {
      warnings.add(`${formatValuePath(path)}: integer ${token} is beyond 2^53 and was read as ${value}`);
    }
    return value;
  }

  function parseString(): string {
    const start = pos;
    pos += 1;
    let escaped = false;
    for (;;) {
      if (pos >= text.length) throw fail('unterminated string', start);
      const c = text.charCodeAt(pos);
      if (c === 0x22) break;
      if (c < 0x20) throw fail('control character in string');
      if (c === 0x5c) {
        escaped = true;
        pos += 2;
      } else {
        pos += 1;
      }
    }
    pos += 1;
    if (!escaped) return text.slice(start + 1, pos - 1);
    try {
      return JSON.parse(text.slice(start, pos)) as string;
    } catch {
      throw fail('invalid escape in string', start);
    }
  }

  function parseObject(depth: number): Record<string, unknown> {
    if (depth > MAX_DEPTH) throw fail(`nesting deeper than ${MAX_DEPTH} levels`);
    pos += 1;
    const object: Record<string, unknown> = {};
    skipWhitespace();
    if (text.charCodeAt(pos) === 0x7d) {
      pos += 1;
      return object;
    }
    for (;;) {
      skipWhitespace();
      if (text.charCodeAt(pos) !== 0x22) throw fail('expected a property name in double quotes');
      const key = parseString();
      skipWhitespace();
      if (text.charCodeAt(pos) !== 0x3a) throw fail("expected ':'");
      pos += 1;
      path.push(key);
      const value = parseValue(depth);
      if (Object.hasOwn(object, key)) warnings.add(`${formatValuePath(path)}: duplicate key, the last value is kept`);
      path.pop();
      setOwnProperty(object, key, value);
      skipWhitespace();
      const c = text.charCodeAt(pos);
      pos += 1;
      if (c === 0x7d) return object;
      if (c !== 0x2c) throw fail("expected ',' or '}'", pos - 1);
    }
  }

  function parseArray(depth: number): unknown[] {
    if (depth > MAX_DEPTH) throw fail(`nesting deeper than ${MAX_DEPTH} levels`);
    pos += 1;
    const array: unknown[] = [];
    skipWhitespace();
    if (text.charCodeAt(pos) === 0x5d) {
      pos += 1;
      return array;
    }
    for (;;) {
      path.push(array.length);
      array.push(parseValue(depth));
      path.pop();
      skipWhitespace();
      const c = text.charCodeAt(pos);
      pos += 1;
      if (c === 0x5d) return array;
      if (c !== 0x2c) throw fail("expected ',' or ']'", pos - 1);
    }
  }

  function parseDocument(): unknown {
    const value = parseValue(0);
    skipWhitespace();
    if (pos < text.length) throw fail('unexpected data after the JSON value');
    return value;
  }

  return { parseDocument };
}

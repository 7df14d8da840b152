import type { DecodedValue } from '../../decode/contract';

/** Text indexed per record is cut here so a huge payload cannot stall a batch. */
export const maxSearchTextChars = 256 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * The words `q` can find in one record: name, key and error text, then every string and number
 * nested in `data` and `context` (values, not field names); for an undecodable value, its raw text.
 */
export function extractSearchText(decoded: DecodedValue, key: string | null, rawPrefix: Buffer | null): string {
  const parts: string[] = [];
  if (key !== null) parts.push(key);
  if (decoded.kind === 'undecodable') {
    parts.push(decoded.reason);
    if (rawPrefix !== null) parts.push(utf8.decode(rawPrefix.subarray(0, maxSearchTextChars)));
    return parts.join(' ').slice(0, maxSearchTextChars);
  }
  const { record } = decoded;
  parts.push(record.name);
  if (typeof record.error_message === 'string') parts.push(record.error_message);
  let length = parts.reduce((sum, part) => sum + part.length + 1, 0);
  const stack: unknown[] = [record.context, record.data];
  while (stack.length > 0 && length < maxSearchTextChars) {
    const value = stack.pop();
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
      const text = String(value);
      parts.push(text);
      length += text.length + 1;
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
    } else if (typeof value === 'object' && value !== null) {
      const values = Object.values(value);
      for (let i = values.length - 1; i >= 0; i--) stack.push(values[i]);
    }
  }
  return parts.join(' ').slice(0, maxSearchTextChars);
}

export interface SearchTerm {
  /** the token as typed, trailing `*` removed */
  text: string;
  /** a trailing `*`: the last word is a prefix */
  prefix: boolean;
}

/** The whitespace-separated terms of `q` that hold a letter or digit to search for (what toFtsQuery quotes). */
export function splitSearchTerms(q: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  for (const token of q.split(/\s+/u)) {
    const prefix = token.length > 1 && token.endsWith('*');
    const text = prefix ? token.replace(/\*+$/u, '') : token;
    if (/[\p{L}\p{N}\p{Co}]/u.test(text)) terms.push({ text, prefix });
  }
  return terms;
}

/**
 * Turns user text into an FTS5 query that cannot be a syntax error: every whitespace-separated
 * token becomes a quoted phrase (so `AND`, `(`, `"` and `:` are plain text), all tokens must match,
 * and a trailing `*` asks for a prefix. Null when no token has a letter or digit to search for.
 */
export function toFtsQuery(q: string): string | null {
  const phrases = splitSearchTerms(q).map(({ text, prefix }) => `"${text.replaceAll('"', '""')}"${prefix ? '*' : ''}`);
  return phrases.length > 0 ? phrases.join(' ') : null;
}

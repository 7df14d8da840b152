import { recordKinds } from '../../decode/contract';
import { InvalidCursorError, type RecordQuery } from '../contract';
import { exactFilters } from '../sqlite/record-query';
import { splitSearchTerms } from '../sqlite/search-text';
import { searchWordsOf } from './search-vector';

export interface PgQuery {
  text: string;
  values: unknown[];
}

/** Columns a RecordView is built from (everything but raw bytes and the text vector), plus the cursor position. */
export const pgViewColumns =
  'ts, seq, topic, kafka_partition, kafka_offset, key, headers, kind, format, legacy, error, warnings, value_size, record';


/** Collects conditions with numbered parameters ($1, $2…). */
class Conditions {
  readonly parts: string[] = [];
  constructor(readonly values: unknown[]) {}
  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
  add(sql: string): void {
    this.parts.push(sql);
  }
  where(extra: readonly string[] = []): string {
    const all = [...this.parts, ...extra];
    return all.length > 0 ? `WHERE ${all.join(' AND ')}` : '';
  }
}

/**
 * SQL for one page, newest first on (ts, seq), keyset-paginated below the cursor, limit + 1 rows.
 * `service` is two ordered index walks (source, destination) merged, so a busy service is not sorted whole.
 * Null when `q` holds nothing searchable.
 */
export function compilePgRecordQuery(query: RecordQuery): PgQuery | null {
  const values: unknown[] = [];
  const c = new Conditions(values);
  if (query.q !== undefined) {
    const tsQuery = toTsQuery(query.q);
    if (tsQuery === null) return null;
    c.add(`search @@ ${c.param(tsQuery)}::tsquery`);
  }
  for (const [field, column] of exactFilters) {
    const value = query[field];
    if (value !== undefined) c.add(`${column} = ${c.param(value)}`);
  }
  if (query.header !== undefined) {
    const element = query.headerValue === undefined ? { key: query.header } : { key: query.header, value: query.headerValue };
    c.add(`header_match @> ${c.param(JSON.stringify([element]))}::jsonb`);
  }
  if (query.kind !== undefined) {
    // a literal, so the planner can use the partial index of undecodable records
    if (!recordKinds.includes(query.kind)) throw new Error(`unknown record kind ${String(query.kind)}`);
    c.add(`kind = '${query.kind}'`);
  }
  if (query.ok !== undefined) c.add(`ok = ${query.ok ? 'true' : 'false'}`);
  if (query.from !== undefined) c.add(`ts >= ${c.param(Date.parse(query.from))}`);
  if (query.to !== undefined) c.add(`ts <= ${c.param(Date.parse(query.to))}`);
  if (query.cursor !== undefined) {
    const [ts, seq] = decodePgCursor(query.cursor);
    c.add(`(ts, seq) < (${c.param(ts)}, ${c.param(seq)})`);
  }
  const limit = c.param(query.limit + 1);
  const order = 'ORDER BY ts DESC, seq DESC';
  if (query.service === undefined) {
    return { text: `SELECT ${pgViewColumns} FROM records ${c.where()} ${order} LIMIT ${limit}`, values };
  }
  const service = c.param(query.service);
  const arm = (column: string, extra: string[] = []) =>
    `(SELECT ${pgViewColumns} FROM records ${c.where([`${column} = ${service}`, ...extra])} ${order} LIMIT ${limit})`;
  // a record from S to S is in both arms: the second arm leaves it out
  const text = `SELECT * FROM (${arm('source')} UNION ALL ${arm('destination', [`source IS DISTINCT FROM ${service}`])}) AS both_arms ${order} LIMIT ${limit}`;
  return { text, values };
}

/**
 * Turns user text into a tsquery literal that cannot be a syntax error: each whitespace-separated term is a phrase
 * of its words (split and lower-cased exactly as search-vector.ts indexes them), all terms must match, and a
 * trailing `*` makes the last word a prefix. Null when no term has a word.
 */
export function toTsQuery(q: string): string | null {
  const phrases: string[] = [];
  for (const { text, prefix } of splitSearchTerms(q)) {
    const words = searchWordsOf(text);
    if (words.length === 0) continue;
    const lexemes = words.map((word, i) => `'${word}'${prefix && i === words.length - 1 ? ':*' : ''}`);
    phrases.push(lexemes.length === 1 ? (lexemes[0] as string) : `(${lexemes.join(' <-> ')})`);
  }
  return phrases.length > 0 ? phrases.join(' & ') : null;
}

/** The cursor is the base64url of `ts:seq` of the last row shown. */
export function encodePgCursor(ts: number | string, seq: number | string): string {
  return Buffer.from(`${ts}:${seq}`).toString('base64url');
}

export function decodePgCursor(cursor: string): [string, string] {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^(-?\d{1,19}):(\d{1,19})$/.exec(text);
  if (match === null) throw new InvalidCursorError('malformed cursor');
  return [match[1] as string, match[2] as string];
}

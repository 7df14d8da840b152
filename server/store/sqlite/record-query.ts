import type { SQLInputValue } from 'node:sqlite';
import { InvalidCursorError, type RecordQuery } from '../contract';
import { viewColumns } from './record-row';
import { toFtsQuery } from './search-text';

export interface CompiledQuery {
  sql: string;
  params: SQLInputValue[];
}

const equalityFilters = [
  ['topic', 'topic'],
  ['source', 'source'],
  ['kind', 'kind'],
  ['name', 'name'],
  ['correlationId', 'correlation_id'],
  ['uuid', 'uuid'],
  ['key', 'key'],
] as const satisfies readonly (readonly [keyof RecordQuery, string])[];

/**
 * SQL for one page, newest first: (ts DESC, id DESC), keyset-paginated after the cursor.
 * Fetches limit + 1 rows so the caller knows whether another page exists.
 * `from` and `to` are both inclusive. Null when `q` holds nothing searchable (no row can match).
 */
export function compileRecordQuery(query: RecordQuery): CompiledQuery | null {
  const where: string[] = [];
  const params: SQLInputValue[] = [];
  for (const [field, column] of equalityFilters) {
    const value = query[field];
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  if (query.q !== undefined) {
    const match = toFtsQuery(query.q);
    if (match === null) return null;
    where.push('id IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)');
    params.push(match);
  }
  if (query.from !== undefined) {
    where.push('ts >= ?');
    params.push(Date.parse(query.from));
  }
  if (query.to !== undefined) {
    where.push('ts <= ?');
    params.push(Date.parse(query.to));
  }
  if (query.cursor !== undefined) {
    const [ts, id] = decodeCursor(query.cursor);
    where.push('ts <= ? AND (ts < ? OR id < ?)');
    params.push(ts, ts, id);
  }
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  params.push(query.limit + 1);
  return { sql: `SELECT ${viewColumns} FROM records ${filter} ORDER BY ts DESC, id DESC LIMIT ?`, params };
}

export function encodeCursor([ts, id]: [number, number]): string {
  return Buffer.from(JSON.stringify([ts, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [number, number] {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new InvalidCursorError('malformed cursor', { cause });
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    !parsed.every((n): n is number => Number.isSafeInteger(n))
  ) {
    throw new InvalidCursorError('malformed cursor');
  }
  return [parsed[0] as number, parsed[1] as number];
}

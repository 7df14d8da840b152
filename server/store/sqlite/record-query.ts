import type { SQLInputValue } from 'node:sqlite';
import { recordKinds } from '../../decode/contract';
import { InvalidCursorError, type RecordQuery } from '../contract';
import { viewColumns } from './record-row';
import { firstIdAt, headerValueToken, lookupToken, type LookupField } from './row-keys';
import { toFtsQuery } from './search-text';

export interface CompiledQuery {
  sql: string;
  params: SQLInputValue[];
}

/** Filters compared as equal to one column (the same columns in both stores). */
export const exactFilters = [
  ['topic', 'topic'],
  ['source', 'source'],
  ['destination', 'destination'],
  ['name', 'name'],
  ['correlationId', 'correlation_id'],
  ['uuid', 'uuid'],
  ['requestUuid', 'request_uuid'],
  ['key', 'key'],
] as const satisfies readonly (readonly [keyof RecordQuery, string])[];

const tokenFilters: readonly LookupField[] = ['uuid', 'correlationId', 'requestUuid', 'key', 'service'];

/** A header's name and value as stored: one element of the `headers` JSON array. */
const headerExists = "EXISTS (SELECT 1 FROM json_each(records.headers) AS h WHERE h.value ->> '$.key' = ?";

/**
 * SQL for one page, newest first (row id order is Kafka time order, see row-keys.ts), keyset-paginated
 * below the cursor; fetches limit + 1 rows so the caller knows whether another page exists.
 * With `q`, uuid, correlation id, key, service or header, the FTS index drives the scan in rowid order
 * and stops at the limit; the columns are still compared exactly. `from` and `to` are both inclusive.
 * `service` is one token per service a record involves (source or destination): a single doclist walk
 * newest first that composes with the other tokens. Two B-tree walks (source, destination) would
 * either need a sort of every match (an OR of two indexes) or a merge of two LIMITed arms per filter
 * combination; the token costs ~2 short tokens per row at ingest and no extra B-tree.
 * Null when `q` holds nothing searchable (no row can match).
 */
export function compileRecordQuery(query: RecordQuery): CompiledQuery | null {
  const where: string[] = [];
  const params: SQLInputValue[] = [];
  const match: string[] = [];
  if (query.q !== undefined) {
    const words = toFtsQuery(query.q);
    if (words === null) return null;
    match.push(`body : (${words})`);
  }
  for (const field of tokenFilters) {
    const value = query[field];
    if (value !== undefined) match.push(`ids : ${lookupToken(field, value)}`);
  }
  if (query.header !== undefined) {
    const token = query.headerValue === undefined ? lookupToken('header', query.header) : headerValueToken(query.header, query.headerValue);
    match.push(`ids : ${token}`);
  }
  const rowId = match.length > 0 ? 'records_fts.rowid' : 'records.id';
  if (match.length > 0) {
    where.push('records_fts MATCH ?');
    params.push(match.join(' AND '));
  }
  for (const [field, column] of exactFilters) {
    const value = query[field];
    if (value === undefined) continue;
    where.push(`records.${column} = ?`);
    params.push(value);
  }
  if (query.service !== undefined) {
    where.push('(records.source = ? OR records.destination = ?)');
    params.push(query.service, query.service);
  }
  if (query.header !== undefined) {
    where.push(query.headerValue === undefined ? `${headerExists})` : `${headerExists} AND h.value ->> '$.value' = ?)`);
    params.push(query.header);
    if (query.headerValue !== undefined) params.push(query.headerValue);
  }
  if (query.ok !== undefined) {
    // a literal, not a parameter, so the planner can use the partial index of failed responses
    where.push(`records.ok = ${query.ok ? 1 : 0}`);
  }
  if (query.kind !== undefined) {
    // a literal, not a parameter, so the planner can use the partial index of undecodable records
    if (!recordKinds.includes(query.kind)) throw new Error(`unknown record kind ${String(query.kind)}`);
    where.push(`records.kind = '${query.kind}'`);
  }
  if (query.from !== undefined) {
    where.push(`${rowId} >= ?`);
    params.push(firstIdAt(Date.parse(query.from)));
  }
  if (query.to !== undefined) {
    where.push(`${rowId} < ?`);
    params.push(firstIdAt(Date.parse(query.to) + 1));
  }
  if (query.cursor !== undefined) {
    where.push(`${rowId} < ?`);
    params.push(decodeCursor(query.cursor));
  }
  // CROSS JOIN keeps the FTS table as the outer loop, so its rowid order serves ORDER BY and LIMIT
  const from = match.length > 0 ? 'records_fts CROSS JOIN records ON records.id = records_fts.rowid' : 'records';
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  params.push(query.limit + 1);
  return { sql: `SELECT ${viewColumns} FROM ${from} ${filter} ORDER BY ${rowId} DESC LIMIT ?`, params };
}

/** A cursor is the base64url of the last row's id: opaque to clients, a keyset position to us. */
export function encodeCursor(rowId: string): string {
  return Buffer.from(rowId).toString('base64url');
}

const int64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

export function decodeCursor(cursor: string): bigint {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!/^-?\d{1,19}$/.test(text)) throw new InvalidCursorError('malformed cursor');
  const id = BigInt(text);
  if (id < int64.min || id > int64.max) throw new InvalidCursorError('malformed cursor');
  return id;
}

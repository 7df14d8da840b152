import type { SQLInputValue, SQLOutputValue } from 'node:sqlite';
import { InvalidCursorError, type StoredTraceSummary, type TraceListQuery } from '../contract';
import type { CompiledQuery } from './record-query';
import { splitServices, traceServiceName } from './trace-summaries';

const columns = 'correlation_id, started_ms, ended_ms, record_count, error_count, root_name, services, traceparent';

/**
 * SQL for one page of traces, newest start first, keyset-paginated on (started_ms, correlation_id); limit + 1 rows.
 * The start-time index (or, for errors, its small partial twin) drives the scan and the LIMIT stops it;
 * service and duration are checked on the rows walked, which stays cheap while matches are not rare.
 */
export function compileTraceQuery(query: TraceListQuery): CompiledQuery {
  const where: string[] = [];
  const params: SQLInputValue[] = [];
  // literals, not parameters: the planner picks the partial index of failed traces only for `error_count > 0`
  if (query.status === 'error') where.push('error_count > 0');
  if (query.status === 'ok') where.push('error_count = 0');
  if (query.service !== undefined) {
    where.push('instr(services, ?) > 0');
    params.push(`|${traceServiceName(query.service)}|`);
  }
  if (query.minDurationMs !== undefined) {
    where.push('ended_ms - started_ms >= ?');
    params.push(query.minDurationMs);
  }
  if (query.from !== undefined) {
    where.push('started_ms >= ?');
    params.push(Date.parse(query.from));
  }
  if (query.to !== undefined) {
    where.push('started_ms <= ?');
    params.push(Date.parse(query.to));
  }
  if (query.cursor !== undefined) {
    const [started, correlationId] = decodeTraceCursor(query.cursor);
    where.push('(started_ms, correlation_id) < (?, ?)');
    params.push(started, correlationId);
  }
  params.push(query.limit + 1);
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  return { sql: `SELECT ${columns} FROM traces ${filter} ORDER BY started_ms DESC, correlation_id DESC LIMIT ?`, params };
}

type Row = Record<string, SQLOutputValue>;

export function toTraceSummary(row: Row): StoredTraceSummary {
  const started = row['started_ms'] as number;
  const ended = row['ended_ms'] as number;
  const errorCount = row['error_count'] as number;
  return {
    correlationId: row['correlation_id'] as string,
    startedAt: isoOf(started),
    endedAt: isoOf(ended),
    durationMs: ended - started,
    recordCount: row['record_count'] as number,
    services: splitServices(row['services'] as string),
    rootName: row['root_name'] as string | null,
    status: errorCount > 0 ? 'error' : 'ok',
    errorCount,
    traceparent: row['traceparent'] as string | null,
  };
}

const maxDateMs = 8.64e15;

function isoOf(ms: number): string {
  return new Date(Math.min(Math.max(ms, -maxDateMs), maxDateMs)).toISOString();
}

/** The cursor is the base64url of `[started_ms, correlation_id]` of the last row shown. */
export function encodeTraceCursor(row: Row): string {
  return Buffer.from(JSON.stringify([row['started_ms'], row['correlation_id']])).toString('base64url');
}

export function decodeTraceCursor(cursor: string): [number, string] {
  let value: unknown;
  try {
    value = /^[A-Za-z0-9_-]+$/.test(cursor) ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : null;
  } catch {
    value = null;
  }
  if (!Array.isArray(value) || value.length !== 2 || !Number.isSafeInteger(value[0]) || typeof value[1] !== 'string') {
    throw new InvalidCursorError('malformed cursor');
  }
  return [value[0] as number, value[1]];
}

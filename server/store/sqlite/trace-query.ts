import type { SQLInputValue, SQLOutputValue } from 'node:sqlite';
import { InvalidCursorError, type StoredTraceSummary, type TraceListQuery } from '../contract';
import type { CompiledQuery } from './record-query';
import { splitServices, traceServiceName } from './trace-summaries';
import { slowTraceMs } from './trace-table';

const columns = ['correlation_id', 'started_ms', 'ended_ms', 'record_count', 'error_count', 'root_name', 'services', 'traceparent'].map((c) => `t.${c}`).join(', ');

/**
 * SQL for one page of traces, newest start first, keyset-paginated on (started_ms, correlation_id); limit + 1 rows.
 * Without a service, the start-time index (for errors, its small partial twin) drives the scan and the LIMIT
 * stops it. With one, that service's trace_services keys do, joined on the trace's current start (entries
 * left under an earlier start are skipped). Duration and status are checked on the rows walked.
 */
export function compileTraceQuery(query: TraceListQuery): CompiledQuery {
  const where: string[] = [];
  const params: SQLInputValue[] = [];
  const byService = query.service !== undefined;
  // the position columns of the walk: those of the index that drives it
  const key = byService ? 's' : 't';
  if (query.service !== undefined) {
    where.push('s.service = ?');
    params.push(traceServiceName(query.service));
  }
  // literals, not parameters: the planner picks the partial index of failed traces only for `error_count > 0`
  if (query.status === 'error') where.push('t.error_count > 0');
  if (query.status === 'ok') where.push('t.error_count = 0');
  if (query.minDurationMs !== undefined) {
    // the literal lets the planner walk the partial index of slow traces
    if (query.minDurationMs >= slowTraceMs) where.push(`t.ended_ms - t.started_ms >= ${slowTraceMs}`);
    where.push('t.ended_ms - t.started_ms >= ?');
    params.push(query.minDurationMs);
  }
  if (query.from !== undefined) {
    where.push(`${key}.started_ms >= ?`);
    params.push(Date.parse(query.from));
  }
  if (query.to !== undefined) {
    where.push(`${key}.started_ms <= ?`);
    params.push(Date.parse(query.to));
  }
  if (query.cursor !== undefined) {
    const [started, correlationId] = decodeTraceCursor(query.cursor);
    where.push(`(${key}.started_ms, ${key}.correlation_id) < (?, ?)`);
    params.push(started, correlationId);
  }
  params.push(query.limit + 1);
  // CROSS JOIN keeps trace_services as the outer loop, so its key order serves ORDER BY and LIMIT
  const from = byService ? 'trace_services AS s CROSS JOIN traces AS t ON t.correlation_id = s.correlation_id AND t.started_ms = s.started_ms' : 'traces AS t';
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  return { sql: `SELECT ${columns} FROM ${from} ${filter} ORDER BY ${key}.started_ms DESC, ${key}.correlation_id DESC LIMIT ?`, params };
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

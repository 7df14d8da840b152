import type { DatabaseSync } from 'node:sqlite';
import { createTraceSummaryWriter, splitServices } from './trace-summaries';

/**
 * One row per correlation id. WITHOUT ROWID: the row lives in the correlation-id B-tree that insertBatch
 * reads and writes once per correlation and batch. The start-time index serves "newest first" and is
 * touched only when a trace starts (or starts earlier); failed traces get a small partial index of their own.
 */
export const tracesTable = `
  CREATE TABLE traces (
    correlation_id TEXT PRIMARY KEY,
    started_ms INTEGER NOT NULL,
    ended_ms INTEGER NOT NULL,
    record_count INTEGER NOT NULL,
    error_count INTEGER NOT NULL,
    root_name TEXT,
    services TEXT NOT NULL,
    traceparent TEXT
  ) WITHOUT ROWID;
  CREATE INDEX traces_started ON traces (started_ms);
  CREATE INDEX traces_failed ON traces (started_ms) WHERE error_count > 0;

  -- retention deletes from records alone; counts follow, and a trace without records goes (its times stay as they were)
  CREATE TRIGGER records_untraced AFTER DELETE ON records WHEN old.correlation_id IS NOT NULL BEGIN
    UPDATE traces SET record_count = record_count - 1, error_count = error_count - (old.ok IS 0)
    WHERE correlation_id = old.correlation_id;
    DELETE FROM traces WHERE correlation_id = old.correlation_id AND record_count <= 0;
  END;
`;

const chunkRows = 10_000;

/** Summarises the records stored before version 6, in time order, in chunks through the same writer as insertBatch. */
export function backfillTraceSummaries(db: DatabaseSync): void {
  const writer = createTraceSummaryWriter(db, { serviceIndex: false })();
  const rows = db
    .prepare(
      `SELECT correlation_id, name, ok, source, destination, ts,
        (SELECT h.value ->> '$.value' FROM json_each(records.headers) AS h WHERE lower(h.value ->> '$.key') = 'traceparent' AND h.value ->> '$.encoding' = 'utf8' LIMIT 1) AS traceparent
       FROM records WHERE correlation_id IS NOT NULL AND kind != 'undecodable' ORDER BY id`,
    )
    .iterate();
  let pending = 0;
  for (const row of rows) {
    writer.add({
      correlationId: row['correlation_id'],
      name: row['name'],
      ok: row['ok'] === null ? null : row['ok'] === 1,
      source: row['source'],
      destination: row['destination'],
      // schema 6 comes before dead letters exist; schema 10 adds theirs
      deadLetter: false,
      traceparent: (row['traceparent'] as string | null) ?? null,
      ts: row['ts'] as number,
    });
    if (++pending === chunkRows) {
      writer.flush();
      pending = 0;
    }
  }
  writer.flush();
}

/**
 * Schema 7: traces by service, newest first, straight from the key (a rare or unknown service no longer scans
 * every trace). Rows appended per service in start order, so ingest writes land on each service's last page.
 */
export const traceServicesTable = `
  CREATE TABLE trace_services (
    service TEXT NOT NULL,
    started_ms INTEGER NOT NULL,
    correlation_id TEXT NOT NULL,
    PRIMARY KEY (service, started_ms, correlation_id)
  ) WITHOUT ROWID;
`;

export function backfillTraceServices(db: DatabaseSync): void {
  const insert = db.prepare('INSERT INTO trace_services (service, started_ms, correlation_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  for (const row of db.prepare('SELECT correlation_id, started_ms, services FROM traces').iterate()) {
    for (const service of splitServices(row['services'] as string)) insert.run(service, row['started_ms'] as number, row['correlation_id'] as string);
  }
}

/** Traces lasting a second or more: few, so a "slow traces" list walks them alone, newest first. */
export const slowTraceMs = 1000;
export const slowTracesIndex = `CREATE INDEX traces_slow ON traces (started_ms) WHERE ended_ms - started_ms >= ${slowTraceMs};`;

import type { DatabaseSync } from 'node:sqlite';
import type { IngestedRecord } from '../contract';

/** What one batch adds to one correlation's summary row. */
export interface TraceDelta {
  started: number;
  ended: number;
  count: number;
  errors: number;
  rootName: string | null;
  services: Set<string>;
  traceparent: string | null;
}

/** `urn:orders` → `orders`, the default naming of protocol §3.2 (the linker's, without consumer-group overrides). */
export function traceServiceName(urnOrName: string): string {
  return urnOrName.startsWith('urn:') ? urnOrName.slice(4) : urnOrName;
}

/** Services as stored: `|a|b|`, sorted, so `instr(services, '|a|')` finds one exactly. */
export function joinServices(services: Iterable<string>): string {
  const sorted = [...new Set(services)].sort();
  return sorted.length === 0 ? '' : `|${sorted.join('|')}|`;
}

export function splitServices(stored: string): string[] {
  return stored === '' ? [] : stored.slice(1, -1).split('|');
}

/** The fields of one stored record that its trace's summary needs. */
export interface TraceFields {
  correlationId: unknown;
  name: unknown;
  ok: unknown;
  source: unknown;
  destination: unknown;
  traceparent: string | null;
  /** stored Kafka timestamp, epoch ms */
  ts: number;
  /** on a dead-letter topic: the copy of a record that failed, an error of its trace */
  deadLetter: boolean;
}

export function traceFieldsOf({ message, decoded }: IngestedRecord, ts: number, deadLetter = false): TraceFields | null {
  if (decoded.kind === 'undecodable') return null;
  const { record } = decoded;
  // as the linker reads it (otel-ids.ts): any case, UTF-8 values only
  const traceparent = message.headers.find((header) => header.encoding === 'utf8' && header.key.toLowerCase() === 'traceparent')?.value ?? null;
  return { correlationId: record.correlation_id, name: record.name, ok: record.ok, source: record.source, destination: record.destination, traceparent, ts, deadLetter };
}

/** Adds one stored record to its correlation's delta of the batch; records without a correlation id are skipped. */
export function addToTraceDeltas(deltas: Map<string, TraceDelta>, fields: TraceFields): void {
  const { correlationId, ts } = fields;
  // a tolerant decoder may hand over ids and names that are no strings
  if (typeof correlationId !== 'string') return;
  const name = typeof fields.name === 'string' ? fields.name : null;
  let delta = deltas.get(correlationId);
  if (delta === undefined) {
    delta = { started: ts, ended: ts, count: 0, errors: 0, rootName: name, services: new Set(), traceparent: null };
    deltas.set(correlationId, delta);
  }
  delta.count++;
  if (fields.ok === false || fields.deadLetter) delta.errors++;
  if (ts < delta.started) [delta.started, delta.rootName] = [ts, name];
  delta.ended = Math.max(delta.ended, ts);
  if (typeof fields.source === 'string') delta.services.add(traceServiceName(fields.source));
  if (typeof fields.destination === 'string') delta.services.add(traceServiceName(fields.destination));
  delta.traceparent ??= fields.traceparent;
}

export interface TraceSummaryWriter {
  /** Notes one inserted record; records without a correlation id are skipped. */
  add(fields: TraceFields): void;
  /** Writes one row per correlation of the batch; call inside the batch's transaction. */
  flush(): void;
}

/**
 * Keeps the `traces` table: one row per correlation id, updated once per batch and correlation, so a
 * 1,000-record batch of ~250 correlations costs ~250 writes (plus a read for each one already stored), not 1,000 upserts.
 */
export function createTraceSummaryWriter(db: DatabaseSync, options: { serviceIndex?: boolean } = {}): () => TraceSummaryWriter {
  // schema 6's backfill runs before trace_services exists (schema 7 fills that from the traces table)
  const indexService = options.serviceIndex === false ? () => undefined : createServiceIndexer(db);
  const select = db.prepare('SELECT started_ms, ended_ms, services, traceparent FROM traces WHERE correlation_id = ?');
  const insert = db.prepare(
    `INSERT INTO traces (correlation_id, started_ms, ended_ms, record_count, error_count, root_name, services, traceparent)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  // started_ms only in the rare statement: an UPDATE that leaves it out does not touch the start-time index
  const update = db.prepare(
    `UPDATE traces SET ended_ms = ?, record_count = record_count + ?, error_count = error_count + ?, services = ?, traceparent = ?
     WHERE correlation_id = ?`,
  );
  const updateStart = db.prepare('UPDATE traces SET started_ms = ?, root_name = ? WHERE correlation_id = ?');

  return () => {
    const deltas = new Map<string, TraceDelta>();
    return {
      add(fields) {
        addToTraceDeltas(deltas, fields);
      },
      flush() {
        for (const [correlationId, delta] of deltas) {
          // most correlations of a batch are new: try the insert first, read only when it was known
          const inserted = insert.run(correlationId, delta.started, delta.ended, delta.count, delta.errors, delta.rootName, joinServices(delta.services), delta.traceparent);
          if (inserted.changes > 0) {
            for (const service of delta.services) indexService(service, delta.started, correlationId);
            continue;
          }
          const row = select.get(correlationId)!;
          const known = splitServices(row['services'] as string);
          const added = [...delta.services].filter((service) => !known.includes(service));
          const services = added.length > 0 ? joinServices([...known, ...added]) : (row['services'] as string);
          const ended = Math.max(row['ended_ms'] as number, delta.ended);
          update.run(ended, delta.count, delta.errors, services, (row['traceparent'] as string | null) ?? delta.traceparent, correlationId);
          const moved = delta.started < (row['started_ms'] as number);
          if (moved) updateStart.run(delta.started, delta.rootName, correlationId);
          // entries under an old start stay behind; queries join on the trace's current start and skip them
          for (const service of moved ? [...known, ...added] : added) indexService(service, Math.min(delta.started, row['started_ms'] as number), correlationId);
        }
        deltas.clear();
      },
    };
  };
}

/** Adds `(service, start, correlation)` to trace_services, which serves "traces of service S, newest first" from its key. */
function createServiceIndexer(db: DatabaseSync): (service: string, started: number, correlationId: string) => void {
  const insert = db.prepare('INSERT INTO trace_services (service, started_ms, correlation_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  return (service, started, correlationId) => void insert.run(service, started, correlationId);
}

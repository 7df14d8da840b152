import type { DatabaseSync } from 'node:sqlite';
import type { RecordKind } from '../../decode/contract';
import type { FlowCount, FlowCounts, FlowWindow } from '../contract';
import { firstIdAt } from './row-keys';

/** Correlation ids are drawn from this many evenly spaced slices of the window, so a busy minute does not fill the sample. */
const sampleSlices = 20;
/** A window is counted 15 minutes at a time: SQLite calls block the event loop, and a day of records takes seconds. */
const countSliceMs = 15 * 60_000;

/**
 * Counts a window's records per source, destination, namespace, name, topic and kind in one pass over the rowid
 * range (ids are Kafka-time ordered, row-keys.ts), without reading a payload: the grouped columns come before
 * the record and raw columns of each row. `min(id)` makes SQLite take `correlation_id` from each group's first row.
 */
export function createFlowCounter(db: DatabaseSync): (window: FlowWindow) => Promise<FlowCounts> {
  const countStatement = db.prepare(
    `SELECT source, destination, namespace, name, topic, kind, count(*) AS records, sum(ok = 0) AS not_ok,
            min(id) >> 21 AS first_ts, correlation_id
     FROM records WHERE id >= ? AND id < ?
     GROUP BY source, destination, namespace, name, topic, kind`,
  );
  // two subqueries: SQLite probes the rowid B-tree for a lone min() or max(), but scans the range for both at once
  const spanStatement = db.prepare(
    `SELECT (SELECT min(id) FROM records WHERE id >= ? AND id < ?) >> 21 AS first_ts,
            (SELECT max(id) FROM records WHERE id >= ? AND id < ?) >> 21 AS last_ts`,
  );
  const sampleStatement = db.prepare(
    'SELECT DISTINCT correlation_id FROM records WHERE id >= ? AND id < ? AND correlation_id IS NOT NULL LIMIT ?',
  );
  const countSlice = (low: bigint, high: bigint, into: Map<string, FlowCount>): void => {
    for (const row of countStatement.all(low, high)) {
      const count: FlowCount = {
        source: row['source'] as string | null,
        destination: row['destination'] as string | null,
        namespace: row['namespace'] as string | null,
        name: row['name'] as string | null,
        topic: row['topic'] as string,
        kind: row['kind'] as RecordKind,
        records: row['records'] as number,
        notOk: (row['not_ok'] as number | null) ?? 0,
        correlationId: row['correlation_id'] as string | null,
      };
      const key = JSON.stringify([count.source, count.destination, count.namespace, count.name, count.topic, count.kind]);
      const earlier = into.get(key);
      if (earlier === undefined) into.set(key, count);
      else {
        earlier.records += count.records;
        earlier.notOk += count.notOk;
      }
    }
  };
  return async ({ fromMs, toMs, sampleSize }) => {
    const low = firstIdAt(fromMs);
    const high = firstIdAt(toMs + 1);
    const merged = new Map<string, FlowCount>();
    for (let start = fromMs; start <= toMs; start += countSliceMs) {
      // the event loop (ingest, other requests) runs between slices of a long window
      if (start > fromMs) await new Promise((resolve) => setImmediate(resolve));
      countSlice(firstIdAt(start), firstIdAt(Math.min(start + countSliceMs, toMs + 1)), merged);
    }
    const counts = [...merged.values()];
    const sample = new Set<string>();
    const span = counts.length === 0 ? undefined : spanStatement.get(low, high, low, high);
    const firstMs = (span?.['first_ts'] as number | null | undefined) ?? fromMs;
    const lastMs = (span?.['last_ts'] as number | null | undefined) ?? toMs;
    const slices = Math.min(sampleSlices, Math.max(1, sampleSize));
    const perSlice = Math.ceil(sampleSize / slices);
    const sliceMs = (lastMs + 1 - firstMs) / slices;
    for (let i = 0; i < slices && counts.length > 0 && sample.size < sampleSize; i++) {
      const start = firstIdAt(firstMs + Math.floor(i * sliceMs));
      const end = firstIdAt(firstMs + Math.floor((i + 1) * sliceMs));
      for (const row of sampleStatement.all(start, end, perSlice)) sample.add(row['correlation_id'] as string);
    }
    return { counts, sampleCorrelationIds: [...sample].slice(0, sampleSize) };
  };
}

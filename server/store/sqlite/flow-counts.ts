import type { DatabaseSync } from 'node:sqlite';
import type { RecordKind } from '../../decode/contract';
import type { FlowCount, FlowCounts, FlowWindow } from '../contract';
import { firstIdAt } from './row-keys';

/** Correlation ids are drawn from this many evenly spaced slices of the window, so a busy minute does not fill the sample. */
const sampleSlices = 20;

/**
 * Counts a window's records per source, destination, namespace, name, topic and kind in one pass over the rowid
 * range (ids are Kafka-time ordered, row-keys.ts), without reading a payload: the grouped columns come before
 * the record and raw columns of each row. `min(id)` makes SQLite take `correlation_id` from each group's first row.
 */
export function createFlowCounter(db: DatabaseSync): (window: FlowWindow) => FlowCounts {
  const countStatement = db.prepare(
    `SELECT source, destination, namespace, name, topic, kind, count(*) AS records, sum(ok = 0) AS not_ok,
            min(id) >> 21 AS first_ts, correlation_id
     FROM records WHERE id >= ? AND id < ?
     GROUP BY source, destination, namespace, name, topic, kind`,
  );
  const sampleStatement = db.prepare(
    'SELECT DISTINCT correlation_id FROM records WHERE id >= ? AND id < ? AND correlation_id IS NOT NULL LIMIT ?',
  );
  return ({ fromMs, toMs, sampleSize }) => {
    const low = firstIdAt(fromMs);
    const high = firstIdAt(toMs + 1);
    const counts = countStatement.all(low, high).map(
      (row): FlowCount => ({
        source: row['source'] as string | null,
        destination: row['destination'] as string | null,
        namespace: row['namespace'] as string | null,
        name: row['name'] as string | null,
        topic: row['topic'] as string,
        kind: row['kind'] as RecordKind,
        records: row['records'] as number,
        notOk: (row['not_ok'] as number | null) ?? 0,
        correlationId: row['correlation_id'] as string | null,
      }),
    );
    const sample = new Set<string>();
    const slices = Math.min(sampleSlices, Math.max(1, sampleSize));
    const perSlice = Math.ceil(sampleSize / slices);
    const sliceMs = (toMs + 1 - fromMs) / slices;
    for (let i = 0; i < slices && sample.size < sampleSize; i++) {
      const start = firstIdAt(fromMs + Math.floor(i * sliceMs));
      const end = firstIdAt(fromMs + Math.floor((i + 1) * sliceMs));
      for (const row of sampleStatement.all(start, end, perSlice)) sample.add(row['correlation_id'] as string);
    }
    return { counts, sampleCorrelationIds: [...sample].slice(0, sampleSize) };
  };
}

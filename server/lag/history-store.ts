import { openSmallSqliteFile, type MigrationPlan } from '../store';
import type { LagSample, LagSeriesPoint } from './contract';

/** Each entry upgrades the schema by one version; `PRAGMA user_version` holds the current one. */
const migrations: readonly string[] = [
  `
  CREATE TABLE lag_samples (
    group_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    kafka_partition INTEGER NOT NULL,
    time_ms INTEGER NOT NULL,
    committed_offset INTEGER,
    high_watermark INTEGER NOT NULL,
    lag_records INTEGER NOT NULL,
    lag_seconds REAL,
    PRIMARY KEY (group_id, topic, kafka_partition, time_ms)
  ) WITHOUT ROWID;
  -- a group's range query and retention would otherwise walk every partition's whole history
  CREATE INDEX lag_samples_group_time ON lag_samples (group_id, time_ms);
  CREATE INDEX lag_samples_time ON lag_samples (time_ms);
  `,
];
const plan: MigrationPlan = { what: 'lag history', migrations, firstVersion: 1 };

/**
 * The lag history: samples per group, partition and sampling time. Several instances may share one (PostgreSQL):
 * then only one of them, the writer, writes, prunes and thins at a time; the others read what it wrote.
 */
export interface LagHistoryStore {
  /** keeps the samples (a later one of the same partition and time replaces it); false when another instance is the writer */
  insertSamples(samples: readonly LagSample[]): Promise<boolean>;
  /** one group's per-partition samples with from ≤ time ≤ to, oldest first */
  querySamples(groupId: string, fromMs: number, toMs: number): Promise<LagSample[]>;
  /** one group's totals per sampling time (records summed, seconds the worst), the worst of each of at most `maxPoints` buckets */
  queryGroupSeries(groupId: string, fromMs: number, toMs: number, maxPoints?: number): Promise<LagSeriesPoint[]>;
  /**
   * Start of the newest run of samples in which this partition lagged with `committedOffset` unchanged;
   * null when its newest sample breaks that run or there is none. Lets stuck detection survive a restart.
   */
  unmovedLaggingSince(groupId: string, topic: string, partition: number, committedOffset: number | null): Promise<number | null>;
  /** deletes samples older than `beforeMs`; returns how many (0 when another instance is the writer) */
  pruneBefore(beforeMs: number): Promise<number>;
  /** keeps, of the samples in [fromMs, beforeMs), the first per partition and `bucketMs`; returns how many went (0 when another instance is the writer) */
  thin(fromMs: number, beforeMs: number, bucketMs: number): Promise<number>;
  /** idempotent */
  close(): Promise<void>;
}

/** The width of each of at most `maxPoints` buckets of a series from `fromMs` to `toMs`. */
export const seriesBucketMs = (fromMs: number, toMs: number, maxPoints: number): number => Math.max(1, Math.ceil((toMs - fromMs + 1) / maxPoints));

type Row = Record<string, unknown>;
const numberOrNull = (value: unknown): number | null => (value === null ? null : Number(value));

export function sampleFromRow(row: Row): LagSample {
  return {
    time: new Date(Number(row['time_ms'])).toISOString(),
    groupId: String(row['group_id']),
    topic: String(row['topic']),
    partition: Number(row['kafka_partition']),
    committedOffset: numberOrNull(row['committed_offset']),
    highWatermark: Number(row['high_watermark']),
    lagRecords: Number(row['lag_records']),
    lagSeconds: numberOrNull(row['lag_seconds']),
  };
}

export function seriesPointFromRow(row: Row): LagSeriesPoint {
  return {
    time: new Date(Number(row['time_ms'])).toISOString(),
    lagRecords: Number(row['lag_records']),
    lagSeconds: numberOrNull(row['lag_seconds']),
    partitions: Number(row['partitions']),
  };
}

/** A small SQLite file of its own beside the record store: lag history is not records and has its own life cycle. */
export function openLagHistoryStore(dataDir: string, fileName = 'lag-history.sqlite'): LagHistoryStore {
  const db = openSmallSqliteFile(dataDir, fileName, plan, { synchronous: 'NORMAL' });
  const insert = db.prepare(
    `INSERT OR REPLACE INTO lag_samples (group_id, topic, kafka_partition, time_ms, committed_offset, high_watermark, lag_records, lag_seconds)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const select = db.prepare(
    `SELECT group_id, topic, kafka_partition, time_ms, committed_offset, high_watermark, lag_records, lag_seconds
     FROM lag_samples WHERE group_id = ? AND time_ms BETWEEN ? AND ? ORDER BY time_ms, topic, kafka_partition`,
  );
  const series = db.prepare(
    `SELECT MIN(time_ms) AS time_ms, MAX(lag_records) AS lag_records, MAX(lag_seconds) AS lag_seconds, MAX(partitions) AS partitions
     FROM (SELECT time_ms, SUM(lag_records) AS lag_records, MAX(lag_seconds) AS lag_seconds, COUNT(*) AS partitions
           FROM lag_samples WHERE group_id = ? AND time_ms BETWEEN ? AND ? GROUP BY time_ms)
     -- node:sqlite binds numbers as REAL: the cast keeps the bucket an integer
     GROUP BY CAST((time_ms - ?) / ? AS INTEGER) ORDER BY 1`,
  );
  // newest first along the primary key: a partition that moves stops the walk after a row or two
  const newestFirst = db.prepare(
    `SELECT time_ms, committed_offset, lag_records FROM lag_samples
     WHERE group_id = ? AND topic = ? AND kafka_partition = ? ORDER BY time_ms DESC`,
  );
  const prune = db.prepare('DELETE FROM lag_samples WHERE time_ms < ?');
  // a sample goes when an earlier one of its partition falls in the same bucket (a primary-key range lookup)
  const thin = db.prepare(
    `DELETE FROM lag_samples AS s WHERE s.time_ms >= ? AND s.time_ms < ? AND EXISTS (
       SELECT 1 FROM lag_samples k WHERE k.group_id = s.group_id AND k.topic = s.topic AND k.kafka_partition = s.kafka_partition
       AND k.time_ms < s.time_ms AND k.time_ms >= s.time_ms - s.time_ms % ?)`,
  );

  let closed = false;
  return {
    // one instance per file: it is always the writer
    insertSamples: (samples) =>
      attempt(() => {
        if (samples.length === 0) return true;
        db.exec('BEGIN IMMEDIATE');
        try {
          for (const s of samples) {
            insert.run(s.groupId, s.topic, s.partition, Date.parse(s.time), s.committedOffset, s.highWatermark, s.lagRecords, s.lagSeconds);
          }
          db.exec('COMMIT');
        } catch (error) {
          db.exec('ROLLBACK');
          throw error;
        }
        return true;
      }),
    querySamples: (groupId, fromMs, toMs) => attempt(() => select.all(groupId, fromMs, toMs).map(sampleFromRow)),
    queryGroupSeries: (groupId, fromMs, toMs, maxPoints = 720) =>
      attempt(() => series.all(groupId, fromMs, toMs, fromMs, seriesBucketMs(fromMs, toMs, maxPoints)).map(seriesPointFromRow)),
    unmovedLaggingSince: (groupId, topic, partition, committedOffset) =>
      attempt(() => {
        let since: number | null = null;
        for (const row of newestFirst.iterate(groupId, topic, partition)) {
          if (numberOrNull(row['committed_offset']) !== committedOffset || Number(row['lag_records']) === 0) break;
          since = Number(row['time_ms']);
        }
        return since;
      }),
    pruneBefore: (beforeMs) => attempt(() => Number(prune.run(beforeMs).changes)),
    thin: (fromMs, beforeMs, bucketMs) => attempt(() => Number(thin.run(fromMs, beforeMs, bucketMs).changes)),
    close() {
      if (!closed) db.close();
      closed = true;
      return Promise.resolve();
    },
  };
}

/** A synchronous SQLite call as a Promise: a throw becomes a rejection. */
function attempt<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

import pg from 'pg';
import { migrateOnFirstUse, postgresConnection } from '../store/postgres/schema';
import type { LagSample } from './contract';
import { sampleFromRow, seriesBucketMs, seriesPointFromRow, type LagHistoryStore } from './history-store';

export interface PostgresLagHistoryOptions {
  url: string;
  /** an existing schema to keep the table in (tests use one each) */
  schema?: string;
}

/**
 * "I write the lag history of this schema": a session advisory lock (the two-key form, so it never meets the
 * one-key locks of the schema migration and the requeue log's holds), the second key the schema's name.
 */
const writerLockClass = 0x4c616753;
const tryWriterLock = `SELECT pg_try_advisory_lock(${writerLockClass}, hashtext(coalesce(current_schema(), ''))) AS got`;
const writerUnlock = `SELECT pg_advisory_unlock(${writerLockClass}, hashtext(coalesce(current_schema(), '')))`;

// bigint bounds: an open range (Infinity) is every sample
const clampMs = (ms: number): number => Math.min(Math.max(ms, Number.MIN_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);

/** One row per key, the last given winning (as SQLite's INSERT OR REPLACE): ON CONFLICT cannot touch a row twice in one statement. */
function lastPerKey(samples: readonly LagSample[]): LagSample[] {
  const byKey = new Map<string, LagSample>();
  for (const s of samples) byKey.set(`${s.groupId}\u0000${s.topic}\u0000${s.partition}\u0000${Date.parse(s.time)}`, s);
  return [...byKey.values()];
}

/**
 * The lag history in the shared PostgreSQL database (LENS_DATABASE_URL): one history whichever instance the browser
 * talks to. Every instance samples Kafka for its own live view, but only the one holding the writer lock writes,
 * prunes and thins, and it does so on the connection holding the lock: a write that succeeds was made by the writer.
 * When the writer dies its connection closes, the lock frees, and the next instance to try to write takes it.
 */
export function openPostgresLagHistoryStore(options: PostgresLagHistoryOptions): LagHistoryStore {
  const connection = {
    ...postgresConnection(options.url, 'eventy-lens-lag', options.schema),
    // a database that does not answer must not hold a sample (and the live view behind it) forever
    connectionTimeoutMillis: 5_000,
  };
  const pool = new pg.Pool({ ...connection, max: 3 });
  pool.on('error', () => undefined);
  const ready = migrateOnFirstUse(pool);
  void ready().catch(() => undefined);

  /** the connection that holds (or tries for) the writer lock; null until the first write and after it failed */
  let writer: { client: pg.Client; holds: boolean } | null = null;
  let writes: Promise<unknown> = Promise.resolve();
  let closed: Promise<void> | null = null;

  async function dropWriter(): Promise<void> {
    const dropped = writer;
    writer = null;
    // closing the connection releases the lock
    await dropped?.client.end().catch(() => undefined);
  }

  /** Runs `work` on the writer connection if this instance holds or can take the lock; `otherwise` if another one holds it. */
  async function asWriter<T>(work: (client: pg.Client) => Promise<T>, otherwise: T): Promise<T> {
    await ready();
    if (closed !== null) throw new Error('the lag history is closed');
    if (writer === null) {
      const client = new pg.Client(connection);
      client.on('error', () => undefined);
      writer = { client, holds: false };
      await client.connect();
    }
    if (!writer.holds) writer.holds = (await writer.client.query<{ got: boolean }>(tryWriterLock)).rows[0]?.got === true;
    return writer.holds ? work(writer.client) : otherwise;
  }

  /** One write at a time; a failed one is tried once more on a new connection (a dead one lost the lock), as every write is idempotent. */
  function write<T>(work: (client: pg.Client) => Promise<T>, otherwise: T): Promise<T> {
    const result = writes.then(async () => {
      try {
        return await asWriter(work, otherwise);
      } catch {
        await dropWriter();
        return asWriter(work, otherwise);
      }
    });
    writes = result.catch(() => dropWriter());
    return result;
  }

  async function read(sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
    await ready();
    return (await pool.query<Record<string, unknown>>(sql, params)).rows;
  }

  return {
    insertSamples(samples) {
      const rows = lastPerKey(samples);
      return write(async (client) => {
        if (rows.length === 0) return true;
        await client.query(
          `INSERT INTO lag_samples (group_id, topic, kafka_partition, time_ms, committed_offset, high_watermark, lag_records, lag_seconds)
           SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::double precision[])
           ON CONFLICT (group_id, topic, kafka_partition, time_ms) DO UPDATE SET committed_offset = excluded.committed_offset,
             high_watermark = excluded.high_watermark, lag_records = excluded.lag_records, lag_seconds = excluded.lag_seconds`,
          [
            rows.map((s) => s.groupId),
            rows.map((s) => s.topic),
            rows.map((s) => s.partition),
            rows.map((s) => Date.parse(s.time)),
            rows.map((s) => s.committedOffset),
            rows.map((s) => s.highWatermark),
            rows.map((s) => s.lagRecords),
            rows.map((s) => s.lagSeconds),
          ],
        );
        return true;
      }, false);
    },
    async querySamples(groupId, fromMs, toMs) {
      const rows = await read(
        `SELECT group_id, topic, kafka_partition, time_ms, committed_offset, high_watermark, lag_records, lag_seconds
         FROM lag_samples WHERE group_id = $1 AND time_ms BETWEEN $2 AND $3 ORDER BY time_ms, topic, kafka_partition`,
        [groupId, clampMs(fromMs), clampMs(toMs)],
      );
      return rows.map(sampleFromRow);
    },
    async queryGroupSeries(groupId, fromMs, toMs, maxPoints = 720) {
      const rows = await read(
        `SELECT min(time_ms) AS time_ms, max(lag_records) AS lag_records, max(lag_seconds) AS lag_seconds, max(partitions) AS partitions
         FROM (SELECT time_ms, sum(lag_records) AS lag_records, max(lag_seconds) AS lag_seconds, count(*) AS partitions
               FROM lag_samples WHERE group_id = $1 AND time_ms BETWEEN $2 AND $3 GROUP BY time_ms) AS per_time
         GROUP BY (time_ms - $2) / $4 ORDER BY 1`,
        [groupId, clampMs(fromMs), clampMs(toMs), seriesBucketMs(clampMs(fromMs), clampMs(toMs), maxPoints)],
      );
      return rows.map(seriesPointFromRow);
    },
    async unmovedLaggingSince(groupId, topic, partition, committedOffset) {
      // the samples newer than the newest one that breaks the run (newest first along the primary key)
      const rows = await read(
        `SELECT min(time_ms) AS since FROM lag_samples WHERE group_id = $1 AND topic = $2 AND kafka_partition = $3
         AND time_ms > coalesce((SELECT max(time_ms) FROM lag_samples WHERE group_id = $1 AND topic = $2 AND kafka_partition = $3
                                 AND (committed_offset IS DISTINCT FROM $4::bigint OR lag_records = 0)), ${Number.MIN_SAFE_INTEGER})`,
        [groupId, topic, partition, committedOffset],
      );
      const since = rows[0]?.['since'];
      return since === null || since === undefined ? null : Number(since);
    },
    pruneBefore: (beforeMs) => write(async (client) => (await client.query('DELETE FROM lag_samples WHERE time_ms < $1', [clampMs(beforeMs)])).rowCount ?? 0, 0),
    thin: (fromMs, beforeMs, bucketMs) =>
      write(async (client) => {
        // a sample goes when an earlier one of its partition falls in the same bucket (a primary-key range lookup)
        const result = await client.query(
          `DELETE FROM lag_samples AS s WHERE s.time_ms >= $1 AND s.time_ms < $2 AND EXISTS (
             SELECT 1 FROM lag_samples k WHERE k.group_id = s.group_id AND k.topic = s.topic AND k.kafka_partition = s.kafka_partition
             AND k.time_ms < s.time_ms AND k.time_ms >= s.time_ms - s.time_ms % $3)`,
          [clampMs(fromMs), clampMs(beforeMs), bucketMs],
        );
        return result.rowCount ?? 0;
      }, 0),
    close: () =>
      (closed ??= (async () => {
        await writes;
        // let go of the lock before the connection ends: another instance may take it at once
        if (writer?.holds) await writer.client.query(writerUnlock).catch(() => undefined);
        await dropWriter();
        await pool.end();
      })()),
  };
}

import type pg from 'pg';
import type { RetentionPolicy, RetentionResult } from '../retention-contract';
import { partitionDayOf, partitionedFrom } from './schema';

const dayMs = 86_400_000;

/**
 * Retention in PostgreSQL drops whole day partitions: a day is detached, its protected records are moved to the
 * default partition, counts and trace summaries lose the rest, and the table is dropped. Days before the retention
 * horizon never get a partition again (a late record of such a day lands in the default partition, which is
 * trimmed row by row), so a partition is never created over rows the default partition already holds.
 */
export async function applyPostgresRetention(client: pg.PoolClient, policy: RetentionPolicy, sizeOf: () => Promise<number>): Promise<RetentionResult> {
  const now = policy.now ?? Date.now();
  // whole days: the day holding now - maxAge stays
  const cutoff = policy.maxAgeMs === null ? null : Math.floor((now - policy.maxAgeMs) / dayMs) * dayMs;
  let deleted = 0;
  let kept = 0;
  const days = await dayPartitions(client);
  const today = partitionDayOf(now);
  for (const day of days) {
    const byAge = cutoff !== null && day.start + dayMs <= cutoff;
    const bySize = !byAge && policy.maxBytes !== null && day.start !== today && day !== days.at(-1) && (await sizeOf()) > policy.maxBytes;
    if (!byAge && !bySize) break;
    const expired = await expireDay(client, day, policy.keep);
    deleted += expired.deleted;
    // by age, the default partition's due protected records are counted below (moved ones among them)
    if (cutoff === null) kept += expired.moved;
  }
  if (cutoff !== null) {
    const result = await trimDefaultPartition(client, cutoff, policy.keep);
    deleted += result.deleted;
    kept += result.kept;
  }
  const oldest = await client.query<{ ts: string | null }>('SELECT min(ts) AS ts FROM records');
  const oldestTs = oldest.rows[0]?.ts;
  return {
    deletedRecords: deleted,
    keptProtected: kept,
    sizeBytes: await sizeOf(),
    oldestRecordAt: oldestTs === null || oldestTs === undefined ? null : new Date(Number(oldestTs)).toISOString(),
  };
}

interface DayPartition {
  name: string;
  start: number;
}

async function dayPartitions(client: pg.PoolClient): Promise<DayPartition[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'records'::regclass AND c.relname ~ '^records_[0-9]{8}$'`,
  );
  return rows
    .map(({ name }) => ({ name, start: Date.parse(`${name.slice(8, 12)}-${name.slice(12, 14)}-${name.slice(14, 16)}T00:00:00Z`) }))
    .sort((a, b) => a.start - b.start);
}

async function keepTable(client: pg.PoolClient, keep: readonly string[]): Promise<void> {
  await client.query('CREATE TEMP TABLE IF NOT EXISTS retention_keep (topic text, kafka_partition integer, kafka_offset bigint) ON COMMIT DROP');
  const parsed = keep.map((id) => /^(.+):(\d{1,10}):(\d{1,19})$/.exec(id)).filter((m): m is RegExpExecArray => m !== null);
  if (parsed.length === 0) return;
  await client.query('INSERT INTO retention_keep SELECT * FROM unnest($1::text[], $2::integer[], $3::bigint[])', [
    parsed.map((m) => m[1]),
    parsed.map((m) => Number(m[2])),
    parsed.map((m) => m[3]),
  ]);
}

const isKept = 'EXISTS (SELECT 1 FROM retention_keep k WHERE k.topic = r.topic AND k.kafka_partition = r.kafka_partition AND k.kafka_offset = r.kafka_offset)';

/** Drops one day; its protected records move to the default partition. */
async function expireDay(client: pg.PoolClient, day: DayPartition, keep: readonly string[]): Promise<{ deleted: number; moved: number }> {
  await client.query('BEGIN');
  try {
    await keepTable(client, keep);
    await client.query(`ALTER TABLE records DETACH PARTITION ${day.name}`);
    await client.query(`INSERT INTO lens_retention (id, horizon_ms) VALUES (1, $1)
      ON CONFLICT (id) DO UPDATE SET horizon_ms = greatest(lens_retention.horizon_ms, excluded.horizon_ms)`, [day.start + dayMs]);
    // the detached day has no partition now: its protected rows go to the default one, their seq kept
    const moved = await client.query(`INSERT INTO records OVERRIDING SYSTEM VALUE SELECT * FROM ${day.name} r WHERE ${isKept}`);
    const deleted = await forgetRows(client, `SELECT * FROM ${day.name} r WHERE NOT ${isKept}`);
    await client.query(`DROP TABLE ${day.name}`);
    await client.query('COMMIT');
    return { deleted, moved: moved.rowCount ?? 0 };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

async function trimDefaultPartition(client: pg.PoolClient, cutoff: number, keep: readonly string[]): Promise<{ deleted: number; kept: number }> {
  await client.query('BEGIN');
  try {
    await keepTable(client, keep);
    // late records of expired days; timestamps outside 2000..2100 are never old enough to judge
    const due = `r.ts >= ${partitionedFrom} AND r.ts < ${Math.trunc(cutoff)}`;
    const deleted = await forgetRows(client, `SELECT * FROM records_other r WHERE ${due} AND NOT ${isKept}`);
    await client.query(`DELETE FROM records_other r WHERE ${due} AND NOT ${isKept}`);
    const kept = await client.query<{ n: string }>(`SELECT count(*) AS n FROM records_other r WHERE ${due} AND ${isKept}`);
    await client.query('COMMIT');
    return { deleted, kept: Number(kept.rows[0]?.n ?? 0) };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** Takes the rows `goneSql` selects out of the counts and trace summaries (as SQLite's delete triggers do); returns how many. */
async function forgetRows(client: pg.PoolClient, goneSql: string): Promise<number> {
  await client.query(`CREATE TEMP TABLE retention_gone ON COMMIT DROP AS
    SELECT topic, kafka_partition, kafka_offset, kind, correlation_id, ok,
      EXISTS (SELECT 1 FROM dead_letters d WHERE d.topic = g.topic AND d.kafka_partition = g.kafka_partition AND d.kafka_offset = g.kafka_offset) AS dead_letter
    FROM (${goneSql}) AS g`);
  const counted = await client.query<{ n: string }>('SELECT count(*) AS n FROM retention_gone');
  await client.query(`DELETE FROM dead_letters d USING retention_gone g
    WHERE d.topic = g.topic AND d.kafka_partition = g.kafka_partition AND d.kafka_offset = g.kafka_offset`);
  await client.query(`UPDATE topic_counts t SET records = t.records - g.n, undecodable = t.undecodable - g.u
    FROM (SELECT topic, count(*) AS n, count(*) FILTER (WHERE kind = 'undecodable') AS u FROM retention_gone GROUP BY topic) g
    WHERE t.topic = g.topic`);
  await client.query(`UPDATE traces t SET record_count = t.record_count - g.n, error_count = t.error_count - g.e
    FROM (SELECT correlation_id, count(*) AS n, count(*) FILTER (WHERE ok = false OR dead_letter) AS e FROM retention_gone
          WHERE correlation_id IS NOT NULL GROUP BY correlation_id) g
    WHERE t.correlation_id = g.correlation_id`);
  await client.query(`DELETE FROM trace_services s USING traces t WHERE s.correlation_id = t.correlation_id AND t.record_count <= 0`);
  await client.query('DELETE FROM traces WHERE record_count <= 0');
  await client.query('DROP TABLE retention_gone');
  return Number(counted.rows[0]?.n ?? 0);
}

import type { ClientBase, Pool, PoolClient } from 'pg';
import { deadLettersTable } from './dead-letters';

/**
 * The PostgreSQL schema, one SQL step per version. `lens_schema` holds the current version; every instance
 * applies missing steps at start under one advisory lock, so several dashboards and collectors can start together.
 */
export const postgresMigrations: readonly string[] = [
  `
  -- Time-partitioned by Kafka timestamp (ms): retention drops whole days. The primary key includes ts, as a
  -- partitioned table's unique keys must; a message's Kafka timestamp never changes, so the key still stores
  -- each (topic, partition, offset) once. seq orders records of one millisecond and is the cursor's tie-breaker.
  CREATE TABLE records (
    ts bigint NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    topic text NOT NULL,
    kafka_partition integer NOT NULL,
    kafka_offset bigint NOT NULL,
    key text,
    key_base64 boolean NOT NULL DEFAULT false,
    -- the headers exactly as consumed (JSON text); header_match is their searchable copy (jsonb cannot hold NUL)
    headers text NOT NULL,
    header_match jsonb NOT NULL,
    kind text NOT NULL,
    format text NOT NULL,
    legacy boolean NOT NULL,
    eventy_type text,
    name text,
    namespace text,
    source text,
    destination text,
    uuid text,
    correlation_id text,
    request_uuid text,
    ok boolean,
    date_ms bigint,
    error text,
    warnings text,
    value_size integer NOT NULL,
    record text,
    raw bytea,
    raw_truncated boolean NOT NULL DEFAULT false,
    search tsvector NOT NULL,
    PRIMARY KEY (topic, kafka_partition, kafka_offset, ts)
  ) PARTITION BY RANGE (ts);
  -- timestamps outside 2000..2100 (Kafka's -1 "none", clock accidents) land here; days get partitions of their own
  CREATE TABLE records_other PARTITION OF records DEFAULT;

  CREATE INDEX records_timeline ON records (ts DESC, seq DESC);
  CREATE INDEX records_topic ON records (topic, ts DESC, seq DESC);
  CREATE INDEX records_source ON records (source, ts DESC, seq DESC) WHERE source IS NOT NULL;
  CREATE INDEX records_source_kind ON records (source, kind, ts DESC, seq DESC) WHERE source IS NOT NULL;
  CREATE INDEX records_destination ON records (destination, ts DESC, seq DESC) WHERE destination IS NOT NULL;
  CREATE INDEX records_name ON records (name, ts DESC, seq DESC) WHERE name IS NOT NULL;
  CREATE INDEX records_correlation ON records (correlation_id, ts DESC, seq DESC) WHERE correlation_id IS NOT NULL;
  CREATE INDEX records_uuid ON records (uuid) WHERE uuid IS NOT NULL;
  CREATE INDEX records_request_uuid ON records (request_uuid) WHERE request_uuid IS NOT NULL;
  CREATE INDEX records_key ON records (key, ts DESC, seq DESC) WHERE key IS NOT NULL;
  CREATE INDEX records_undecodable ON records (ts DESC, seq DESC) WHERE kind = 'undecodable';
  CREATE INDEX records_failed ON records (ts DESC, seq DESC) WHERE ok = false;
  CREATE INDEX records_search ON records USING gin (search);
  CREATE INDEX records_headers ON records USING gin (header_match jsonb_path_ops);

  CREATE TABLE topic_counts (
    topic text PRIMARY KEY,
    records bigint NOT NULL,
    undecodable bigint NOT NULL
  );

  -- one row per correlation id, kept by insertBatch in the batch's transaction (as in the SQLite store)
  -- COLLATE "C": ids compare as bytes, as in SQLite, whatever the database's locale (cursor order)
  CREATE TABLE traces (
    correlation_id text COLLATE "C" PRIMARY KEY,
    started_ms bigint NOT NULL,
    ended_ms bigint NOT NULL,
    record_count bigint NOT NULL,
    error_count bigint NOT NULL,
    root_name text,
    services text[] NOT NULL,
    traceparent text
  );
  CREATE INDEX traces_started ON traces (started_ms DESC, correlation_id DESC);
  CREATE INDEX traces_failed ON traces (started_ms DESC, correlation_id DESC) WHERE error_count > 0;
  CREATE INDEX traces_slow ON traces (started_ms DESC, correlation_id DESC) WHERE ended_ms - started_ms >= 1000;

  -- "traces of service S, newest first" straight from the key; entries under an earlier start are skipped by the join
  CREATE TABLE trace_services (
    service text NOT NULL,
    started_ms bigint NOT NULL,
    correlation_id text COLLATE "C" NOT NULL,
    PRIMARY KEY (service, started_ms, correlation_id)
  );
  `,
  `
  -- retention (retention.ts): days before horizon_ms were dropped and never get a partition again
  CREATE TABLE lens_retention (
    id integer PRIMARY KEY CHECK (id = 1),
    horizon_ms bigint NOT NULL
  );
  `,
  // dead letters (dead-letters.ts) and the ok filter's partial index is records_failed (version 1)
  deadLettersTable,
  // the audit log shared by every instance (server/audit/postgres-audit-log.ts)
  `
  CREATE TABLE audit_entries (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at text NOT NULL,
    actor_name text NOT NULL,
    actor_role text NOT NULL,
    actor_via text NOT NULL,
    ip text,
    user_agent text,
    action text NOT NULL,
    target text NOT NULL,
    result text NOT NULL,
    details text NOT NULL
  );
  CREATE INDEX audit_entries_at ON audit_entries (at);
  CREATE INDEX audit_entries_actor ON audit_entries (actor_name, id);
  CREATE INDEX audit_entries_action ON audit_entries (action, id);
  CREATE INDEX audit_entries_target ON audit_entries (target, id);
  -- the log is evidence: the database refuses to change or lose an entry
  CREATE FUNCTION lens_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'the audit log is append-only: entries cannot be %', CASE TG_OP WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END;
  END $$;
  CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries FOR EACH ROW EXECUTE FUNCTION lens_audit_append_only();
  CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries FOR EACH ROW EXECUTE FUNCTION lens_audit_append_only();
  CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries FOR EACH STATEMENT EXECUTE FUNCTION lens_audit_append_only();
  `,
  // the requeue/replay log and its jobs, shared by every instance (server/deadletters/postgres-requeue-log.ts).
  // `holder` and `runner` name the advisory lock a live sender or job runner holds: a row whose lock is free was left by a crash.
  `
  CREATE TABLE sends (
    key text PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('requeue', 'replay')),
    source_id text NOT NULL,
    send_id text NOT NULL UNIQUE,
    job_id text,
    state text NOT NULL CHECK (state IN ('pending', 'requeued')),
    target_topic text NOT NULL,
    target_partition integer NOT NULL,
    high_watermark bigint NOT NULL,
    target_offset bigint,
    sent_by text NOT NULL,
    at text NOT NULL,
    edited_hash text,
    message text,
    holder bigint
  );
  CREATE INDEX sends_pending ON sends (at) WHERE state = 'pending';
  CREATE TABLE jobs (
    id text PRIMARY KEY,
    kind text NOT NULL,
    state text NOT NULL,
    description text NOT NULL,
    params text NOT NULL,
    total integer NOT NULL,
    created_by text NOT NULL,
    created_at text NOT NULL,
    finished_at text,
    runner bigint,
    cancel_requested boolean NOT NULL DEFAULT false
  );
  CREATE INDEX jobs_created ON jobs (created_at);
  CREATE TABLE job_items (
    job_id text NOT NULL REFERENCES jobs (id),
    seq integer NOT NULL,
    source_id text NOT NULL,
    state text NOT NULL CHECK (state IN ('pending', 'done', 'skipped', 'failed')),
    reason text,
    PRIMARY KEY (job_id, seq)
  );
  CREATE INDEX job_items_state ON job_items (job_id, state, seq);
  `,
  // parked poison records, shared by every instance (server/deadletters/postgres-park-log.ts)
  `
  CREATE TABLE parks (
    id text PRIMARY KEY,
    group_id text NOT NULL,
    topic text NOT NULL,
    kafka_partition integer NOT NULL,
    original_offset bigint NOT NULL,
    state text NOT NULL,
    dlq_topic text NOT NULL,
    dlq_search_from bigint NOT NULL,
    dlq_offset bigint,
    stuck_since text,
    parked_by text NOT NULL,
    created_at text NOT NULL,
    parked_at text,
    undone_by text,
    undone_at text,
    UNIQUE (group_id, topic, kafka_partition, original_offset)
  );
  CREATE INDEX parks_topic ON parks (topic, created_at);
  `,
  // the lag history shared by every instance, written by one at a time (server/lag/postgres-history-store.ts)
  `
  CREATE TABLE lag_samples (
    group_id text COLLATE "C" NOT NULL,
    topic text COLLATE "C" NOT NULL,
    kafka_partition integer NOT NULL,
    time_ms bigint NOT NULL,
    committed_offset bigint,
    high_watermark bigint NOT NULL,
    lag_records bigint NOT NULL,
    lag_seconds double precision,
    PRIMARY KEY (group_id, topic, kafka_partition, time_ms)
  );
  -- a group's range query and retention would otherwise walk every partition's whole history
  CREATE INDEX lag_samples_group_time ON lag_samples (group_id, time_ms);
  CREATE INDEX lag_samples_time ON lag_samples (time_ms);
  `,
  // secrets every instance shares, made once by the first: the session-signing key (server/auth/shared-session-secret.ts)
  `
  CREATE TABLE lens_secrets (name text PRIMARY KEY, value text NOT NULL);
  `,
  // failed sign-ins counted for every instance, so guessing is slowed behind a load balancer (server/auth/postgres-login-throttle.ts)
  `
  CREATE TABLE login_failures (key text PRIMARY KEY, count integer NOT NULL, last_at bigint NOT NULL);
  -- the quiet rows are deleted now and then
  CREATE INDEX login_failures_last_at ON login_failures (last_at);
  `,
];

export const postgresSchemaVersion = postgresMigrations.length;

/** Any 64-bit number shared by every Eventy Lens instance: "the schema is being changed". */
const migrationLock = 0x4576656e74794c;

/** Applies the missing steps, each in its own transaction, while holding the migration lock. */
export async function applyPostgresMigrations(client: ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1)', [migrationLock]);
  try {
    await client.query('CREATE TABLE IF NOT EXISTS lens_schema (version integer NOT NULL)');
    const current = Number((await client.query<{ version: number }>('SELECT max(version) AS version FROM lens_schema')).rows[0]?.version ?? 0);
    if (current > postgresSchemaVersion) {
      throw new Error(`the PostgreSQL database has schema version ${current}, newer than this build knows (${postgresSchemaVersion})`);
    }
    for (let version = current; version < postgresSchemaVersion; version++) {
      await client.query('BEGIN');
      try {
        await client.query(postgresMigrations[version] as string);
        await client.query('INSERT INTO lens_schema (version) VALUES ($1)', [version + 1]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [migrationLock]);
  }
}

const dayMs = 86_400_000;
/** Days in this range get a partition each; records outside go to records_other (a fixed range, so they never overlap). */
export const partitionedFrom = Date.UTC(2000, 0, 1);
const partitionedUntil = Date.UTC(2100, 0, 1);

/** The start of the day partition holding `ts`, or null for records_other. */
export function partitionDayOf(ts: number): number | null {
  if (ts < partitionedFrom || ts >= partitionedUntil) return null;
  return Math.floor(ts / dayMs) * dayMs;
}

export function partitionName(dayStart: number): string {
  return `records_${new Date(dayStart).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

/**
 * Creates the day's partition unless it exists or the day expired (retention.ts: its late records go to the
 * default partition); a lock per day keeps two collectors from racing on it.
 */
export async function ensureDayPartition(client: PoolClient, dayStart: number): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [0x4c656e73, Math.floor(dayStart / dayMs)]);
    const horizon = await client.query<{ horizon_ms: string }>('SELECT horizon_ms FROM lens_retention');
    if (dayStart < Number(horizon.rows[0]?.horizon_ms ?? Number.MIN_SAFE_INTEGER)) {
      await client.query('COMMIT');
      return;
    }
    await client.query(`CREATE TABLE IF NOT EXISTS ${partitionName(dayStart)} PARTITION OF records FOR VALUES FROM (${dayStart}) TO (${dayStart + dayMs})`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/**
 * The schema, brought up to date on first use: `ready()` resolves once the migrations (and `after`) ran. A failure —
 * the database not up yet, or gone for a moment — is not kept: the next call tries again, so an instance started
 * before its database, or across a database restart, recovers by itself.
 */
export function migrateOnFirstUse(pool: Pool, after?: (client: PoolClient) => Promise<void>): () => Promise<void> {
  let ready: Promise<void> | null = null;
  return () => {
    if (ready !== null) return ready;
    const attempt = (async () => {
      const client = await pool.connect();
      try {
        await applyPostgresMigrations(client);
        await after?.(client);
      } finally {
        client.release();
      }
    })();
    ready = attempt;
    attempt.catch(() => ready === attempt && (ready = null));
    return attempt;
  };
}

/** Where a part of Eventy Lens connects: the database URL, its own application name, and a schema when one is given (tests use one each). */
export function postgresConnection(url: string, applicationName: string, schema?: string): { connectionString: string; application_name: string; options?: string } {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  return { connectionString: url, application_name: applicationName, ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }) };
}

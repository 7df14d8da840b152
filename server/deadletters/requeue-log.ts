import type { WriteRecord } from '../kafka/contract';
import type { MigrationPlan } from '../store';
import type { RequeueStatus } from './contract';
import { createJobStore, type ItemState, type JobStore } from './job-store';
import { chunks, placeholders, type LogEngine, type SqlRunner } from './log-engine';
import { openPostgresLogEngine } from './postgres-log-engine';
import { openSqliteLogEngine } from './sqlite-log-engine';

const migrations: readonly string[] = [
  `
  -- one row per record Eventy Lens sends (a requeued dead letter, a replayed record); its key refuses a second send
  CREATE TABLE sends (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('requeue', 'replay')),
    source_id TEXT NOT NULL,
    send_id TEXT NOT NULL UNIQUE,
    job_id TEXT,
    state TEXT NOT NULL CHECK (state IN ('pending', 'requeued')),
    target_topic TEXT NOT NULL,
    target_partition INTEGER NOT NULL,
    high_watermark INTEGER NOT NULL,
    target_offset INTEGER,
    by TEXT NOT NULL,
    at TEXT NOT NULL,
    edited_hash TEXT,
    -- what to produce, kept until the broker acknowledged it, so recovery can send it after a crash
    message TEXT
  );
  CREATE INDEX sends_pending ON sends (state) WHERE state = 'pending';
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    description TEXT NOT NULL,
    params TEXT NOT NULL,
    total INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    finished_at TEXT
  );
  CREATE INDEX jobs_created ON jobs (created_at);
  CREATE TABLE job_items (
    job_id TEXT NOT NULL REFERENCES jobs (id),
    seq INTEGER NOT NULL,
    source_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'skipped', 'failed')),
    reason TEXT,
    PRIMARY KEY (job_id, seq)
  ) WITHOUT ROWID;
  CREATE INDEX job_items_state ON job_items (job_id, state, seq);
  `,
  // the names and columns of the PostgreSQL log (schema step 5), so one SQL serves both: `holder` and `runner` name
  // the live hold that sends a row or runs a job (log-engine.ts)
  `
  ALTER TABLE sends RENAME COLUMN "by" TO sent_by;
  ALTER TABLE sends ADD COLUMN holder INTEGER;
  ALTER TABLE jobs ADD COLUMN runner INTEGER;
  ALTER TABLE jobs ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT FALSE;
  `,
];
const plan: MigrationPlan = { what: 'requeue log', migrations, firstVersion: 1 };

/** A send as written before producing: everything recovery needs to find the record on the target later. */
export interface SendClaim {
  /** idempotency key: the dead-letter id for a requeue, `replay:<job>:<source id>` for a replay */
  key: string;
  kind: 'requeue' | 'replay';
  sourceId: string;
  /** written in the record's header (eventy-lens-requeue-id / -replay-id … ) so recovery can recognise it */
  sendId: string;
  jobId: string | null;
  targetTopic: string;
  targetPartition: number;
  /** the target partition's high watermark before producing: recovery reads from here */
  highWatermark: number;
  by: string;
  editedHash: string | null;
  /** the record to produce, to `targetPartition` */
  record: WriteRecord;
}

export interface SendRow extends Omit<SendClaim, 'record'> {
  /** null once produced */
  record: WriteRecord | null;
  state: 'pending' | 'requeued';
  targetOffset: number | null;
  /** ISO 8601 */
  at: string;
}

interface SendRowSql {
  key: string;
  kind: 'requeue' | 'replay';
  source_id: string;
  send_id: string;
  job_id: string | null;
  state: 'pending' | 'requeued';
  target_topic: string;
  target_partition: number | string;
  high_watermark: number | string;
  target_offset: number | string | null;
  sent_by: string;
  at: string;
  edited_hash: string | null;
  message: string | null;
}

interface StoredMessage {
  key: string | null;
  value: string | null;
  headers: [string, string][];
}

function encodeMessage(r: WriteRecord): string {
  const b64 = (b: Buffer | null) => (b === null ? null : b.toString('base64'));
  const stored: StoredMessage = { key: b64(r.key), value: b64(r.value), headers: r.headers.map((h) => [h.key, h.value.toString('base64')]) };
  return JSON.stringify(stored);
}

function decodeMessage(text: string | null, partition: number): WriteRecord | null {
  if (text === null) return null;
  const m = JSON.parse(text) as StoredMessage;
  const bytes = (b: string | null) => (b === null ? null : Buffer.from(b, 'base64'));
  return { key: bytes(m.key), value: bytes(m.value), partition, headers: m.headers.map(([key, value]) => ({ key, value: Buffer.from(value, 'base64') })) };
}

const toSendRow = (r: SendRowSql): SendRow => ({
  key: r.key,
  kind: r.kind,
  sourceId: r.source_id,
  sendId: r.send_id,
  jobId: r.job_id,
  state: r.state,
  targetTopic: r.target_topic,
  targetPartition: Number(r.target_partition),
  highWatermark: Number(r.high_watermark),
  targetOffset: r.target_offset === null ? null : Number(r.target_offset),
  by: r.sent_by,
  at: r.at,
  editedHash: r.edited_hash,
  record: decodeMessage(r.message, Number(r.target_partition)),
});

export function toRequeueStatus(row: SendRow): RequeueStatus {
  return {
    state: row.state,
    requeueId: row.sendId,
    target: row.targetOffset === null ? null : `${row.targetTopic}:${row.targetPartition}:${row.targetOffset}`,
    targetTopic: row.targetTopic,
    by: row.by,
    at: row.at,
    edited: row.editedHash !== null,
  };
}

/** Statements of the log that run inside one of its transactions. */
export interface SendLogTx {
  /** inserts the claims whose key is new, held by the hold; answers the rows that already existed, by key */
  claim(claims: readonly SendClaim[]): Promise<Map<string, SendRow>>;
  /** marks produced sends with their offsets */
  markRequeued(done: readonly { key: string; offset: number }[]): Promise<void>;
  rows(keys: readonly string[]): Promise<Map<string, SendRow>>;
  /** job progress, committed with the sends it counts */
  markItems(jobId: string, items: readonly { seq: number; state: ItemState; reason?: string | null }[]): Promise<void>;
}

/** A live sender: what it claims or takes over stays its own (no other instance recovers it) until the hold ends. */
export interface SendHold {
  transaction<T>(work: (tx: SendLogTx) => Promise<T>): Promise<T>;
  /**
   * Takes the `pending` rows of `keys` that no live hold has (a crashed or finished sender left them): answers those,
   * now this hold's to find or produce, and the keys still pending in another live sender's hands.
   */
  takeOver(keys: readonly string[]): Promise<{ taken: SendRow[]; busy: string[] }>;
}

export interface RequeueLog {
  engine: 'sqlite' | 'postgres';
  withHold<T>(work: (hold: SendHold) => Promise<T>): Promise<T>;
  /** runs `work` as the job's runner; false, without running it, when a live process runs the job already */
  runJob(jobId: string, work: () => Promise<void>): Promise<boolean>;
  rows(keys: readonly string[]): Promise<Map<string, SendRow>>;
  pendingRows(): Promise<SendRow[]>;
  jobs: JobStore;
  close(): Promise<void>;
}

export type RequeueLogLocation = { dataDir: string; fileName?: string } | { databaseUrl: string; schema?: string };

/**
 * The durable requeue/replay log and its jobs: a SQLite file of its own in the data directory
 * (`requeue-log.sqlite`), or, with LENS_DATABASE_URL, tables every instance shares, so a dead letter is sent once
 * whichever instance is asked.
 */
export function openRequeueLog(at: RequeueLogLocation): RequeueLog {
  const engine =
    'databaseUrl' in at
      ? openPostgresLogEngine({ url: at.databaseUrl, schema: at.schema, applicationName: 'eventy-lens-requeue-log' })
      : openSqliteLogEngine(at.dataDir, at.fileName ?? 'requeue-log.sqlite', plan);
  return createRequeueLog(engine);
}

const sendColumns = 'key, kind, source_id, send_id, job_id, state, target_topic, target_partition, high_watermark, target_offset, sent_by, at, edited_hash, message';

async function rowsOf(sql: SqlRunner, keys: readonly string[]): Promise<Map<string, SendRow>> {
  const found = new Map<string, SendRow>();
  for (const part of chunks([...new Set(keys)])) {
    const rows = await sql.all<SendRowSql>(`SELECT ${sendColumns} FROM sends WHERE key IN ${placeholders(part.length)}`, part);
    for (const r of rows) found.set(r.key, toSendRow(r));
  }
  return found;
}

function createRequeueLog(engine: LogEngine): RequeueLog {
  const jobs = createJobStore(engine);
  let closed: Promise<void> | null = null;
  const txOf = (sql: SqlRunner, holder: string): SendLogTx => ({
    async claim(claims) {
      const at = new Date().toISOString();
      const taken = new Set<string>();
      const unique = [...new Map(claims.map((c) => [c.key, c])).values()];
      // in key order: two senders claiming overlapping keys lock them in the same order (no deadlock in PostgreSQL)
      unique.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      for (const part of chunks(unique, 200)) {
        const inserted = await sql.all<{ key: string }>(
          `INSERT INTO sends (key, kind, source_id, send_id, job_id, state, target_topic, target_partition, high_watermark, sent_by, at, edited_hash, message, holder)
           VALUES ${part.map(() => `(?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?)`).join(', ')} ON CONFLICT (key) DO NOTHING RETURNING key`,
          part.flatMap((c) => [c.key, c.kind, c.sourceId, c.sendId, c.jobId, c.targetTopic, c.targetPartition, c.highWatermark, c.by, at, c.editedHash, encodeMessage(c.record), holder]),
        );
        for (const row of inserted) taken.add(row.key);
      }
      return rowsOf(sql, unique.filter((c) => !taken.has(c.key)).map((c) => c.key));
    },
    async markRequeued(done) {
      for (const part of chunks(done)) {
        // one statement per chunk: the offsets ride in a VALUES list (typed, for PostgreSQL's sake)
        await sql.run(
          `WITH done (k, o) AS (VALUES ${part.map(() => '(?, CAST(? AS BIGINT))').join(', ')})
           UPDATE sends SET state = 'requeued', target_offset = (SELECT o FROM done WHERE k = sends.key), message = NULL
           WHERE key IN (SELECT k FROM done)`,
          part.flatMap((d) => [d.key, d.offset]),
        );
      }
    },
    rows: (keys) => rowsOf(sql, keys),
    markItems: (jobId, items) => jobs.markItemsWith(sql, jobId, items),
  });
  return {
    engine: engine.engine,
    withHold: (work) =>
      engine.hold((hold) =>
        work({
          transaction: (w) => hold.transaction((sql) => w(txOf(sql, hold.token))),
          async takeOver(keys) {
            const taken: SendRow[] = [];
            for (const part of chunks([...new Set(keys)])) {
              const rows = await hold.sql.all<SendRowSql>(
                `UPDATE sends SET holder = ? WHERE state = 'pending' AND key IN ${placeholders(part.length)} AND ${engine.freeHolder('holder')} RETURNING ${sendColumns}`,
                [hold.token, ...part],
              );
              taken.push(...rows.map(toSendRow));
            }
            const takenKeys = new Set(taken.map((r) => r.key));
            const still = await rowsOf(hold.sql, keys.filter((k) => !takenKeys.has(k)));
            return { taken, busy: [...still.values()].filter((r) => r.state === 'pending').map((r) => r.key) };
          },
        }),
      ),
    runJob: (jobId, work) =>
      engine.hold(async (hold) => {
        const claimed = await hold.sql.run(
          `UPDATE jobs SET runner = ? WHERE id = ? AND state NOT IN ('done', 'cancelled') AND (runner = ? OR ${engine.freeHolder('runner')})`,
          [hold.token, jobId, hold.token],
        );
        if (claimed === 0) return false;
        await work();
        return true;
      }),
    rows: (keys) => rowsOf(engine.sql, keys),
    pendingRows: async () => (await engine.sql.all<SendRowSql>(`SELECT ${sendColumns} FROM sends WHERE state = 'pending' ORDER BY at`)).map(toSendRow),
    jobs,
    close: () => (closed ??= engine.close()),
  };
}

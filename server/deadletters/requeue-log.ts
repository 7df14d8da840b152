import type { DatabaseSync } from 'node:sqlite';
import type { WriteRecord } from '../kafka/contract';
import { openSmallSqliteFile, type MigrationPlan } from '../store';
import type { RequeueStatus } from './contract';

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
  target_partition: number;
  high_watermark: number;
  target_offset: number | null;
  by: string;
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
  targetPartition: r.target_partition,
  highWatermark: r.high_watermark,
  targetOffset: r.target_offset,
  by: r.by,
  at: r.at,
  editedHash: r.edited_hash,
  record: decodeMessage(r.message, r.target_partition),
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

const chunkSize = 500;
function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += chunkSize) out.push(items.slice(i, i + chunkSize));
  return out;
}

export interface RequeueLog {
  db: DatabaseSync;
  /** runs `work` in one write transaction (BEGIN IMMEDIATE: a second process waits) */
  transaction<T>(work: () => T): T;
  /** inserts the claims whose key is new; answers the rows that already existed, by key (call inside `transaction`) */
  claim(claims: readonly SendClaim[]): Map<string, SendRow>;
  /** marks produced sends with their offsets (call inside `transaction`) */
  markRequeued(done: readonly { key: string; offset: number }[]): void;
  rows(keys: readonly string[]): Map<string, SendRow>;
  pendingRows(): SendRow[];
  close(): void;
}

/** The durable requeue/replay log in a SQLite file of its own (`requeue-log.sqlite` in the data directory). */
export function openRequeueLog(dataDir: string, fileName = 'requeue-log.sqlite'): RequeueLog {
  // a claim must survive a power cut too: it is all that stops a second produce
  const db = openSmallSqliteFile(dataDir, fileName, plan, { synchronous: 'FULL', busyTimeoutMs: 10000 });
  const insert = db.prepare(
    `INSERT INTO sends (key, kind, source_id, send_id, job_id, state, target_topic, target_partition, high_watermark, by, at, edited_hash, message)
     VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
  );
  const selectOne = db.prepare('SELECT * FROM sends WHERE key = ?');
  const mark = db.prepare(`UPDATE sends SET state = 'requeued', target_offset = ?, message = NULL WHERE key = ?`);
  const rows = (keys: readonly string[]) => {
    const found = new Map<string, SendRow>();
    if (keys.length === 1) {
      const one = selectOne.get(keys[0]!) as SendRowSql | undefined;
      if (one !== undefined) found.set(one.key, toSendRow(one));
      return found;
    }
    for (const part of chunks([...new Set(keys)])) {
      const sql = `SELECT * FROM sends WHERE key IN (${part.map(() => '?').join(', ')})`;
      for (const r of db.prepare(sql).all(...part) as unknown as SendRowSql[]) found.set(r.key, toSendRow(r));
    }
    return found;
  };
  return {
    db,
    transaction(work) {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = work();
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.isTransaction) db.exec('ROLLBACK');
        throw error;
      }
    },
    claim(claims) {
      const existing = new Map<string, SendRow>();
      const at = new Date().toISOString();
      for (const c of claims) {
        const result = insert.run(c.key, c.kind, c.sourceId, c.sendId, c.jobId, c.targetTopic, c.targetPartition, c.highWatermark, c.by, at, c.editedHash, encodeMessage(c.record));
        if (Number(result.changes) === 0) existing.set(c.key, toSendRow(selectOne.get(c.key) as unknown as SendRowSql));
      }
      return existing;
    },
    markRequeued(done) {
      for (const d of done) mark.run(d.offset, d.key);
    },
    rows,
    pendingRows: () => (db.prepare(`SELECT * FROM sends WHERE state = 'pending' ORDER BY at`).all() as unknown as SendRowSql[]).map(toSendRow),
    close: () => db.close(),
  };
}

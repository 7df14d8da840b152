import { randomUUID } from 'node:crypto';
import type { JobView } from './contract';
import { chunks, placeholders, type LogEngine, type SqlRunner } from './log-engine';

export type JobKind = JobView['kind'];
export type JobState = JobView['state'];
export type ItemState = 'pending' | 'done' | 'skipped' | 'failed';

export interface JobRow {
  id: string;
  kind: JobKind;
  state: JobState;
  description: string;
  params: Record<string, unknown>;
  total: number;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  /** an operator asked a job running on another instance to stop: its runner stops after the current batch */
  cancelRequested: boolean;
}

interface JobRowSql {
  id: string;
  kind: JobKind;
  state: JobState;
  description: string;
  params: string;
  total: number;
  created_by: string;
  created_at: string;
  finished_at: string | null;
  cancel_requested: number | boolean;
}

const jobColumns = 'id, kind, state, description, params, total, created_by, created_at, finished_at, cancel_requested';

const toJobRow = (r: JobRowSql): JobRow => ({
  id: r.id,
  kind: r.kind,
  state: r.state,
  description: r.description,
  params: JSON.parse(r.params) as Record<string, unknown>,
  total: Number(r.total),
  createdBy: r.created_by,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
  cancelRequested: Boolean(r.cancel_requested),
});

const maxErrorsShown = 100;
const finalStates: readonly JobState[] = ['done', 'failed', 'cancelled'];

/** Jobs (bulk requeue, replay) and their items, durable beside the sends so progress commits with them. */
export interface JobStore {
  create(job: { kind: JobKind; description: string; params: Record<string, unknown>; items: readonly string[]; createdBy: string }): Promise<JobRow>;
  get(id: string): Promise<JobRow | null>;
  view(id: string): Promise<JobView | null>;
  list(limit: number): Promise<JobView[]>;
  setState(id: string, state: JobState): Promise<void>;
  pendingItems(id: string, limit: number): Promise<{ seq: number; sourceId: string }[]>;
  /** marks items in a transaction of their own */
  markItems(id: string, items: readonly { seq: number; state: ItemState; reason?: string | null }[]): Promise<void>;
  /** the same inside a transaction the caller holds (the one that marks the sends) */
  markItemsWith(sql: SqlRunner, id: string, items: readonly { seq: number; state: ItemState; reason?: string | null }[]): Promise<void>;
  /** at start: jobs left queued or running by a process that died are interrupted (they resume on request) */
  interruptUnfinished(): Promise<string[]>;
  /**
   * Stops a job no live process runs (queued, interrupted, failed: cancelled now, answers true), or asks the live
   * runner of a running one to stop after its batch (answers false).
   */
  requestCancel(id: string): Promise<boolean>;
}

export function createJobStore(engine: LogEngine): JobStore {
  const { sql } = engine;
  const get = async (id: string) => {
    const [r] = await sql.all<JobRowSql>(`SELECT ${jobColumns} FROM jobs WHERE id = ?`, [id]);
    return r === undefined ? null : toJobRow(r);
  };
  const view = async (row: JobRow): Promise<JobView> => {
    const counts = await sql.all<{ state: ItemState; n: number | string }>('SELECT state, count(*) AS n FROM job_items WHERE job_id = ? GROUP BY state', [row.id]);
    const byState = new Map(counts.map((c) => [c.state, Number(c.n)]));
    const errors = await sql.all<{ source_id: string; reason: string | null }>(
      `SELECT source_id, reason FROM job_items WHERE job_id = ? AND state IN ('skipped', 'failed') ORDER BY seq LIMIT ${maxErrorsShown}`,
      [row.id],
    );
    return {
      id: row.id,
      kind: row.kind,
      state: row.state,
      description: row.description,
      total: row.total,
      done: byState.get('done') ?? 0,
      skipped: byState.get('skipped') ?? 0,
      failed: byState.get('failed') ?? 0,
      errors: errors.map((e) => ({ id: e.source_id, reason: e.reason ?? '' })),
      createdBy: row.createdBy,
      createdAt: row.createdAt,
      finishedAt: row.finishedAt,
    };
  };
  const markItemsWith: JobStore['markItemsWith'] = async (tx, id, items) => {
    // one statement per state and reason (a batch's items are mostly all `done`)
    const groups = new Map<string, { state: ItemState; reason: string | null; seqs: number[] }>();
    for (const item of items) {
      const reason = item.reason ?? null;
      const key = JSON.stringify([item.state, reason]);
      const group = groups.get(key) ?? { state: item.state, reason, seqs: [] };
      group.seqs.push(item.seq);
      groups.set(key, group);
    }
    for (const { state, reason, seqs } of groups.values()) {
      for (const part of chunks(seqs)) {
        await tx.run(`UPDATE job_items SET state = ?, reason = ? WHERE job_id = ? AND seq IN ${placeholders(part.length)}`, [state, reason, id, ...part]);
      }
    }
  };
  return {
    async create(job) {
      const row: JobRow = {
        id: randomUUID(), kind: job.kind, state: 'queued', description: job.description, params: job.params, total: job.items.length,
        createdBy: job.createdBy, createdAt: new Date().toISOString(), finishedAt: null, cancelRequested: false,
      };
      await engine.transaction(async (tx) => {
        await tx.run(
          `INSERT INTO jobs (id, kind, state, description, params, total, created_by, created_at) VALUES (?, ?, 'queued', ?, ?, ?, ?, ?)`,
          [row.id, row.kind, row.description, JSON.stringify(row.params), row.total, row.createdBy, row.createdAt],
        );
        let seq = 0;
        for (const part of chunks(job.items)) {
          const values = part.map(() => `(?, ?, ?, 'pending')`).join(', ');
          await tx.run(`INSERT INTO job_items (job_id, seq, source_id, state) VALUES ${values}`, part.flatMap((sourceId) => [row.id, seq++, sourceId]));
        }
      });
      return row;
    },
    get,
    async view(id) {
      const row = await get(id);
      return row === null ? null : view(row);
    },
    async list(limit) {
      const rows = await sql.all<JobRowSql>(`SELECT ${jobColumns} FROM jobs ORDER BY created_at DESC LIMIT ?`, [limit]);
      return Promise.all(rows.map((r) => view(toJobRow(r))));
    },
    async setState(id, state) {
      await sql.run('UPDATE jobs SET state = ?, finished_at = ? WHERE id = ?', [state, finalStates.includes(state) ? new Date().toISOString() : null, id]);
    },
    async pendingItems(id, limit) {
      const rows = await sql.all<{ seq: number; source_id: string }>(`SELECT seq, source_id FROM job_items WHERE job_id = ? AND state = 'pending' ORDER BY seq LIMIT ?`, [id, limit]);
      return rows.map((r) => ({ seq: Number(r.seq), sourceId: r.source_id }));
    },
    markItems: (id, items) => engine.transaction((tx) => markItemsWith(tx, id, items)),
    markItemsWith,
    async interruptUnfinished() {
      const rows = await sql.all<{ id: string }>(`UPDATE jobs SET state = 'interrupted' WHERE state IN ('queued', 'running') AND ${engine.freeHolder('runner')} RETURNING id`);
      return rows.map((r) => r.id);
    },
    async requestCancel(id) {
      const now = new Date().toISOString();
      const stopped = await sql.run(
        `UPDATE jobs SET state = 'cancelled', finished_at = ? WHERE id = ? AND state IN ('queued', 'interrupted', 'failed', 'running') AND ${engine.freeHolder('runner')}`,
        [now, id],
      );
      if (stopped > 0) return true;
      await sql.run(`UPDATE jobs SET cancel_requested = TRUE WHERE id = ? AND state NOT IN ('done', 'cancelled')`, [id]);
      return false;
    },
  };
}

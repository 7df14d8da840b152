import { randomUUID } from 'node:crypto';
import type { JobView } from './contract';
import type { RequeueLog } from './requeue-log';

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
}

const toJobRow = (r: JobRowSql): JobRow => ({
  id: r.id,
  kind: r.kind,
  state: r.state,
  description: r.description,
  params: JSON.parse(r.params) as Record<string, unknown>,
  total: r.total,
  createdBy: r.created_by,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

const maxErrorsShown = 100;

/** Jobs (bulk requeue, replay) and their items, durable in the requeue log's file so progress commits with the sends. */
export interface JobStore {
  create(job: { kind: JobKind; description: string; params: Record<string, unknown>; items: readonly string[]; createdBy: string }): JobRow;
  get(id: string): JobRow | null;
  view(id: string): JobView | null;
  list(limit: number): JobView[];
  setState(id: string, state: JobState): void;
  pendingItems(id: string, limit: number): { seq: number; sourceId: string }[];
  /** call inside the log's transaction to commit progress with the sends */
  markItems(id: string, items: readonly { seq: number; state: ItemState; reason?: string | null }[]): void;
  /** at start: jobs a crash left queued or running are interrupted (they resume on request) */
  interruptUnfinished(): string[];
}

export function createJobStore(log: RequeueLog): JobStore {
  const { db } = log;
  const insertJob = db.prepare(
    `INSERT INTO jobs (id, kind, state, description, params, total, created_by, created_at) VALUES (?, ?, 'queued', ?, ?, ?, ?, ?)`,
  );
  const insertItem = db.prepare(`INSERT INTO job_items (job_id, seq, source_id, state) VALUES (?, ?, ?, 'pending')`);
  const selectJob = db.prepare('SELECT * FROM jobs WHERE id = ?');
  const counts = db.prepare('SELECT state, count(*) AS n FROM job_items WHERE job_id = ? GROUP BY state');
  const errors = db.prepare(`SELECT source_id, reason FROM job_items WHERE job_id = ? AND state IN ('skipped', 'failed') ORDER BY seq LIMIT ${maxErrorsShown}`);
  const updateState = db.prepare(`UPDATE jobs SET state = ?, finished_at = ? WHERE id = ?`);
  const pending = db.prepare(`SELECT seq, source_id FROM job_items WHERE job_id = ? AND state = 'pending' ORDER BY seq LIMIT ?`);
  const markItem = db.prepare('UPDATE job_items SET state = ?, reason = ? WHERE job_id = ? AND seq = ?');

  const view = (row: JobRow): JobView => {
    const byState = new Map((counts.all(row.id) as { state: ItemState; n: number }[]).map((c) => [c.state, Number(c.n)]));
    return {
      id: row.id,
      kind: row.kind,
      state: row.state,
      description: row.description,
      total: row.total,
      done: byState.get('done') ?? 0,
      skipped: byState.get('skipped') ?? 0,
      failed: byState.get('failed') ?? 0,
      errors: (errors.all(row.id) as { source_id: string; reason: string | null }[]).map((e) => ({ id: e.source_id, reason: e.reason ?? '' })),
      createdBy: row.createdBy,
      createdAt: row.createdAt,
      finishedAt: row.finishedAt,
    };
  };
  const get = (id: string) => {
    const r = selectJob.get(id) as JobRowSql | undefined;
    return r === undefined ? null : toJobRow(r);
  };
  return {
    create(job) {
      const row: JobRow = { id: randomUUID(), kind: job.kind, state: 'queued', description: job.description, params: job.params, total: job.items.length, createdBy: job.createdBy, createdAt: new Date().toISOString(), finishedAt: null };
      log.transaction(() => {
        insertJob.run(row.id, row.kind, row.description, JSON.stringify(row.params), row.total, row.createdBy, row.createdAt);
        job.items.forEach((sourceId, seq) => insertItem.run(row.id, seq, sourceId));
      });
      return row;
    },
    get,
    view(id) {
      const row = get(id);
      return row === null ? null : view(row);
    },
    list(limit) {
      return (db.prepare('SELECT * FROM jobs ORDER BY created_at DESC LIMIT ?').all(limit) as unknown as JobRowSql[]).map((r) => view(toJobRow(r)));
    },
    setState(id, state) {
      const final = state === 'done' || state === 'failed' || state === 'cancelled';
      updateState.run(state, final ? new Date().toISOString() : null, id);
    },
    pendingItems(id, limit) {
      return (pending.all(id, limit) as { seq: number; source_id: string }[]).map((r) => ({ seq: Number(r.seq), sourceId: r.source_id }));
    },
    markItems(id, items) {
      for (const item of items) markItem.run(item.state, item.reason ?? null, id, item.seq);
    },
    interruptUnfinished() {
      const rows = db.prepare(`SELECT id FROM jobs WHERE state IN ('queued', 'running')`).all() as { id: string }[];
      for (const r of rows) updateState.run('interrupted', null, r.id);
      return rows.map((r) => r.id);
    },
  };
}

import { createLogger } from '../telemetry/logger';
import type { JobRow, JobStore } from './job-store';
import type { RequeueLog, SendClaim } from './requeue-log';
import type { SendOnce, SendOutcome } from './send-once';

const log = createLogger('deadletters');

/** What one item of a job sends, or why it is skipped. */
export type ItemPlan = { claim: Omit<SendClaim, 'highWatermark'> } | { skip: string };

/** Per job kind: the item's idempotency key and how to plan it (read it, check it, build the record). */
export interface ItemPlanner {
  keyOf(sourceId: string): string;
  plan(sourceId: string): Promise<ItemPlan>;
}

export interface JobRunner {
  /** runs (or resumes) the job in this process; resolves once it stopped (done, failed, cancelled) */
  run(jobId: string): Promise<void>;
  isRunning(jobId: string): boolean;
  /** asks a running job to stop after its current batch; a job not running is cancelled at once */
  cancel(jobId: string): void;
  close(): Promise<void>;
}

/** A running job's stop request: `cancelled` by an operator, `interrupted` by shutdown (it resumes later). */
interface Control {
  stop: 'cancelled' | 'interrupted' | null;
  done: Promise<void>;
}

export interface JobRunnerDeps {
  log: RequeueLog;
  jobs: JobStore;
  sendOnce: SendOnce;
  planner(job: JobRow): ItemPlanner;
  batchSize?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createJobRunner(deps: JobRunnerDeps): JobRunner {
  const running = new Map<string, Control>();

  async function runBatch(job: JobRow, planner: ItemPlanner, items: { seq: number; sourceId: string }[]): Promise<void> {
    const skipped: { seq: number; state: 'skipped'; reason: string }[] = [];
    const already: { seq: number; state: 'done' }[] = [];
    const claims: Omit<SendClaim, 'highWatermark'>[] = [];
    const seqOfKey = new Map<string, number>();
    for (const item of items) {
      const key = planner.keyOf(item.sourceId);
      seqOfKey.set(key, item.seq);
      const existing = deps.sendOnce.existing(key);
      if (existing !== null) {
        const outcome = await existing;
        if (outcome.status === 'failed') throw new Error(outcome.reason);
        already.push({ seq: item.seq, state: 'done' });
        continue;
      }
      const plan = await planner.plan(item.sourceId);
      if ('skip' in plan) skipped.push({ seq: item.seq, state: 'skipped', reason: plan.skip });
      else claims.push(plan.claim);
    }
    if (skipped.length + already.length > 0) deps.log.transaction(() => deps.jobs.markItems(job.id, [...skipped, ...already]));
    if (claims.length === 0) return;
    const marked = new Set<string>();
    const markDone = (outcomes: readonly SendOutcome[]) => {
      const done = outcomes.filter((o) => o.status !== 'failed' && !marked.has(o.key));
      deps.jobs.markItems(job.id, done.map((o) => ({ seq: seqOfKey.get(o.key)!, state: 'done' as const })));
      for (const o of done) marked.add(o.key);
    };
    const outcomes = await deps.sendOnce.send(claims, markDone);
    // sends answered outside the batch's transaction: already requeued by another caller, or recovered after a failure
    const late = outcomes.filter((o) => o.status !== 'failed' && !marked.has(o.key));
    if (late.length > 0) deps.log.transaction(() => markDone(late));
    const failed = outcomes.find((o) => o.status === 'failed');
    if (failed !== undefined && failed.status === 'failed') throw new Error(failed.reason);
  }

  async function execute(job: JobRow, control: Control): Promise<void> {
    const planner = deps.planner(job);
    const rate = typeof job.params['ratePerSecond'] === 'number' ? job.params['ratePerSecond'] : null;
    const batchSize = Math.max(1, Math.min(deps.batchSize ?? 500, rate ?? Infinity));
    deps.jobs.setState(job.id, 'running');
    const started = performance.now();
    let sent = 0;
    try {
      for (;;) {
        if (control.stop !== null) return deps.jobs.setState(job.id, control.stop);
        const items = deps.jobs.pendingItems(job.id, batchSize);
        if (items.length === 0) return deps.jobs.setState(job.id, 'done');
        await runBatch(job, planner, items);
        sent += items.length;
        // the rate limit: never ahead of `rate` records per second since the run started
        if (rate !== null) await sleep(Math.max(0, (sent / rate) * 1000 - (performance.now() - started)));
      }
    } catch (error) {
      log.warn('job failed; its unsent items stay pending and resume later', { jobId: job.id, error });
      deps.jobs.setState(job.id, 'failed');
    }
  }

  return {
    run(jobId) {
      const current = running.get(jobId);
      if (current !== undefined) return current.done;
      const job = deps.jobs.get(jobId);
      if (job === null) return Promise.reject(new Error(`no job ${jobId}`));
      const control: Control = { stop: null, done: Promise.resolve() };
      control.done = deps.sendOnce
        .recoverPending()
        .then(() => execute(job, control))
        .catch((error: unknown) => {
          log.warn('job could not start', { jobId, error });
          deps.jobs.setState(jobId, 'failed');
        })
        .finally(() => running.delete(jobId));
      running.set(jobId, control);
      return control.done;
    },
    isRunning: (jobId) => running.has(jobId),
    cancel(jobId) {
      const current = running.get(jobId);
      const state = deps.jobs.get(jobId)?.state;
      if (current !== undefined) current.stop = 'cancelled';
      else if (state === 'queued' || state === 'interrupted' || state === 'failed') deps.jobs.setState(jobId, 'cancelled');
    },
    async close() {
      for (const control of running.values()) control.stop = 'interrupted';
      await Promise.allSettled([...running.values()].map((c) => c.done));
    },
  };
}

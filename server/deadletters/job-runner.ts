import { createLogger } from '../telemetry/logger';
import type { JobRow } from './job-store';
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
  /**
   * Runs (or resumes) the job in this process. `started` answers once it is decided: false when another live instance
   * runs it or it is finished; `done` once it stopped (done, failed, cancelled, interrupted).
   */
  run(jobId: string): { started: Promise<boolean>; done: Promise<void> };
  isRunning(jobId: string): boolean;
  /** asks the job to stop after its current batch (wherever it runs); a job no one runs is cancelled at once */
  cancel(jobId: string): Promise<void>;
  close(): Promise<void>;
}

/** A running job's stop request: `cancelled` by an operator, `interrupted` by shutdown (it resumes later). */
interface Control {
  stop: 'cancelled' | 'interrupted' | null;
  started: Promise<boolean>;
  done: Promise<void>;
}

export interface JobRunnerDeps {
  log: RequeueLog;
  sendOnce: SendOnce;
  planner(job: JobRow): ItemPlanner;
  batchSize?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createJobRunner(deps: JobRunnerDeps): JobRunner {
  const { jobs } = deps.log;
  const running = new Map<string, Control>();

  async function runBatch(job: JobRow, planner: ItemPlanner, items: { seq: number; sourceId: string }[]): Promise<void> {
    const skipped: { seq: number; state: 'skipped'; reason: string }[] = [];
    const already: { seq: number; state: 'done' }[] = [];
    const claims: Omit<SendClaim, 'highWatermark'>[] = [];
    const seqOfKey = new Map(items.map((item) => [planner.keyOf(item.sourceId), item.seq]));
    const known = await deps.sendOnce.existingAll([...seqOfKey.keys()]);
    for (const item of items) {
      const existing = known.get(planner.keyOf(item.sourceId));
      if (existing !== undefined) {
        if (existing.status === 'failed') throw new Error(existing.reason);
        already.push({ seq: item.seq, state: 'done' });
        continue;
      }
      const plan = await planner.plan(item.sourceId);
      if ('skip' in plan) skipped.push({ seq: item.seq, state: 'skipped', reason: plan.skip });
      else claims.push(plan.claim);
    }
    if (skipped.length + already.length > 0) await jobs.markItems(job.id, [...skipped, ...already]);
    if (claims.length === 0) return;
    const marked = new Set<string>();
    const doneItems = (outcomes: readonly SendOutcome[]) => {
      const done = outcomes.filter((o) => o.status !== 'failed' && !marked.has(o.key));
      for (const o of done) marked.add(o.key);
      return done.map((o) => ({ seq: seqOfKey.get(o.key)!, state: 'done' as const }));
    };
    const outcomes = await deps.sendOnce.send(claims, (tx, sent) => tx.markItems(job.id, doneItems(sent)));
    // sends answered outside the batch's transaction: already requeued by another caller, or recovered after a failure
    const late = doneItems(outcomes);
    if (late.length > 0) await jobs.markItems(job.id, late);
    const failed = outcomes.find((o) => o.status === 'failed');
    if (failed !== undefined && failed.status === 'failed') throw new Error(failed.reason);
  }

  async function execute(job: JobRow, control: Control): Promise<void> {
    const planner = deps.planner(job);
    const rate = typeof job.params['ratePerSecond'] === 'number' ? job.params['ratePerSecond'] : null;
    const batchSize = Math.max(1, Math.min(deps.batchSize ?? 500, rate ?? Infinity));
    await jobs.setState(job.id, 'running');
    const started = performance.now();
    let sent = 0;
    try {
      for (;;) {
        // a cancel asked on another instance reaches this runner through the job's row
        if (control.stop === null && (await jobs.get(job.id))?.cancelRequested === true) control.stop = 'cancelled';
        if (control.stop !== null) return await jobs.setState(job.id, control.stop);
        const items = await jobs.pendingItems(job.id, batchSize);
        if (items.length === 0) return await jobs.setState(job.id, 'done');
        await runBatch(job, planner, items);
        sent += items.length;
        // the rate limit: never ahead of `rate` records per second since the run started
        if (rate !== null) await sleep(Math.max(0, (sent / rate) * 1000 - (performance.now() - started)));
      }
    } catch (error) {
      log.warn('job failed; its unsent items stay pending and resume later', { jobId: job.id, error });
      await jobs.setState(job.id, 'failed');
    }
  }

  return {
    run(jobId) {
      const current = running.get(jobId);
      if (current !== undefined) return { started: current.started, done: current.done };
      let decided: (started: boolean) => void = () => undefined;
      const control: Control = { stop: null, started: new Promise((resolve) => (decided = resolve)), done: Promise.resolve() };
      running.set(jobId, control);
      control.done = deps.log
        .runJob(jobId, async () => {
          decided(true);
          await deps.sendOnce.recoverPending();
          const job = await jobs.get(jobId);
          if (job === null) throw new Error(`no job ${jobId}`);
          await execute(job, control);
        })
        .then((ran) => {
          if (!ran) log.info('job not started here: another instance runs it, or it is finished', { jobId });
          decided(ran);
        })
        .catch(async (error: unknown) => {
          log.warn('job could not start', { jobId, error });
          decided(false);
          await jobs.setState(jobId, 'failed').catch(() => undefined);
        })
        .finally(() => running.delete(jobId));
      return { started: control.started, done: control.done };
    },
    isRunning: (jobId) => running.has(jobId),
    async cancel(jobId) {
      const current = running.get(jobId);
      if (current !== undefined && (await current.started)) current.stop = 'cancelled';
      else await jobs.requestCancel(jobId);
    },
    async close() {
      for (const control of running.values()) control.stop = 'interrupted';
      await Promise.allSettled([...running.values()].map((c) => c.done));
    },
  };
}

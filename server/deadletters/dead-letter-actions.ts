import type { LensConfig } from '../config';
import type { KafkaAccess } from '../kafka';
import { countPartitions } from './admin-read';
import type { DeadLetterQuery, RecordStore, RecordView } from '../store/contract';
import { createLogger } from '../telemetry/logger';
import type { BulkRequeueBody, JobView, ReplayAnswer, ReplayBody, RequeueBody, RequeueStatus, RequeueStatusSource } from './contract';
import { createJobRunner, type JobRunner } from './job-runner';
import type { JobStore } from './job-store';
import { describeSource, listReplaySource, previewOf, replayPlanner } from './replay';
import { bulkRequeuePlanner, requeueDeadLetter, type RequeueResult } from './requeue-dead-letter';
import { openRequeueLog, toRequeueStatus, type RequeueLog } from './requeue-log';
import { createSendOnce, type SendOnce } from './send-once';

const log = createLogger('deadletters');

export type ReplayResult = { ok: true; answer: ReplayAnswer } | { ok: false; status: 422; error: string; issues: string[] };

/** Requeue and replay on the runtime (`runtime.deadLetters`): the durable requeue log, the once-only sender, jobs. */
export interface DeadLetterActions extends RequeueStatusSource {
  requeueLog: RequeueLog;
  sendOnce: SendOnce;
  jobs: JobStore;
  runner: JobRunner;
  requeue(id: string, body: RequeueBody, by: string): Promise<RequeueResult>;
  /** creates a durable job (of the ids, or of every dead letter the filter matches) and starts it in this process */
  startBulkRequeue(body: BulkRequeueBody, by: string): Promise<{ ok: true; job: JobView } | { ok: false; status: 422; error: string; issues: string[] }>;
  replay(body: ReplayBody, by: string): Promise<ReplayResult>;
  close(): Promise<void>;
}

export interface DeadLetterActionsDeps {
  dataDir: string;
  /** LENS_DATABASE_URL: the log and its jobs live in the shared database, else in a SQLite file in `dataDir` */
  databaseUrl?: string;
  kafka: KafkaAccess;
  store: RecordStore;
  deadLetters: LensConfig['deadLetters'];
  requeue: LensConfig['requeue'];
  /** find or produce the sends a crash left `pending` right away (tests drive recovery themselves) */
  recoverAtStart?: boolean;
  batchSize?: number;
}

const maxBulkIds = 100_000;

/** Ids of every stored dead letter the filter matches; null beyond `maxBulkIds`. */
async function matchingDeadLetters(store: RecordStore, filter: Omit<DeadLetterQuery, 'limit' | 'cursor'>): Promise<string[] | null> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.queryDeadLetters({ ...filter, limit: 500, ...(cursor === undefined ? {} : { cursor }) });
    ids.push(...page.items.map((d) => d.id));
    if (ids.length > maxBulkIds) return null;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return ids;
}

export function createDeadLetterActions(deps: DeadLetterActionsDeps): DeadLetterActions {
  const requeueLog = openRequeueLog(deps.databaseUrl === undefined ? { dataDir: deps.dataDir } : { databaseUrl: deps.databaseUrl });
  const sendOnce = createSendOnce({ log: requeueLog, kafka: deps.kafka });
  const { jobs } = requeueLog;
  const ctx = { store: deps.store, kafka: deps.kafka, deadLetters: deps.deadLetters, maxAttempts: deps.requeue.maxAttempts };
  const runner = createJobRunner({
    log: requeueLog,
    sendOnce,
    batchSize: deps.batchSize,
    planner: (job) => (job.kind === 'requeue' ? bulkRequeuePlanner(ctx, job) : replayPlanner(deps, job)),
  });
  // a job whose runner died (this process before a restart, or another instance) resumes only when asked
  // (POST /api/jobs/{id}/resume); in the shared database another instance may die any time, so look every minute
  const interruptOrphans = () =>
    jobs.interruptUnfinished().then(
      (interrupted) => interrupted.length > 0 && log.info('jobs interrupted: their runner stopped; resume them from /replays or the API', { jobs: interrupted }),
      (error: unknown) => log.warn('could not look for interrupted jobs', { error }),
    );
  void interruptOrphans();
  const sweep = requeueLog.engine === 'postgres' ? setInterval(() => void interruptOrphans(), 60_000) : null;
  sweep?.unref();
  if (deps.recoverAtStart ?? true) {
    void sendOnce.recoverPending().then(
      (outcomes) => outcomes.length > 0 && log.info('recovered pending sends', { count: outcomes.length, failed: outcomes.filter((o) => o.status === 'failed').length }),
      (error: unknown) => log.warn('recovering pending sends failed; each is recovered again before it is touched', { error }),
    );
  }
  const start = (jobId: string) => void runner.run(jobId);
  return {
    requeueLog,
    sendOnce,
    jobs,
    runner,
    async requeueStatus(ids) {
      const statuses = new Map<string, RequeueStatus>();
      for (const [key, row] of await requeueLog.rows(ids)) if (row.kind === 'requeue') statuses.set(key, toRequeueStatus(row));
      return statuses;
    },
    requeue: (id, body, by) => requeueDeadLetter(ctx, sendOnce, id, body, by),
    async startBulkRequeue(body, by) {
      const ids = body.ids !== undefined ? [...new Set(body.ids)] : await matchingDeadLetters(deps.store, body.filter ?? {});
      if (ids === null) return { ok: false, status: 422, error: 'too many dead letters', issues: [`the filter matches more than ${maxBulkIds}; narrow it`] };
      if (ids.length === 0) return { ok: false, status: 422, error: 'nothing to requeue', issues: ['the filter matches no dead letter'] };
      const target = body.topic ?? 'their original topics';
      const job = await jobs.create({ kind: 'requeue', description: `${ids.length} dead letter${ids.length === 1 ? '' : 's'} → ${target}`, params: { topic: body.topic, confirmFailedAgain: body.confirmFailedAgain === true }, items: ids, createdBy: by });
      start(job.id);
      return { ok: true, job: (await jobs.view(job.id))! };
    },
    async replay(body, by) {
      const rate = body.ratePerSecond ?? deps.requeue.replayRate;
      if (rate > deps.requeue.replayMaxRate) return { ok: false, status: 422, error: 'invalid body', issues: [`ratePerSecond is at most ${deps.requeue.replayMaxRate} (LENS_REPLAY_MAX_RATE)`] };
      const targetExists = (await countPartitions(deps.kafka, body.target)) !== null;
      if (!targetExists) return { ok: false, status: 422, error: 'no target topic', issues: [`target topic ${body.target} does not exist (Eventy Lens does not create topics when it replays)`] };
      let records: RecordView[];
      try {
        records = await listReplaySource(deps.store, body.source);
      } catch (error) {
        if (error instanceof Error && (error as { code?: unknown }).code === 'REPLAY_TOO_LARGE') return { ok: false, status: 422, error: 'replay too large', issues: [error.message] };
        throw error;
      }
      if (body.dryRun === true) return { ok: true, answer: { dryRun: true, count: records.length, target: body.target, ratePerSecond: rate, records: previewOf(records) } };
      const job = await jobs.create({
        kind: 'replay',
        description: `${records.length} record${records.length === 1 ? '' : 's'} of ${describeSource(body.source)} → ${body.target}`,
        params: { target: body.target, source: body.source, ratePerSecond: rate },
        items: records.map((r) => r.id),
        createdBy: by,
      });
      start(job.id);
      return { ok: true, answer: { dryRun: false, count: records.length, target: body.target, ratePerSecond: rate, jobId: job.id } };
    },
    async close() {
      await runner.close();
      if (sweep !== null) clearInterval(sweep);
      await sendOnce.close();
      await requeueLog.close();
    },
  };
}

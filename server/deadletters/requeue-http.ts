import 'server-only';
import { NextResponse } from 'next/server';
import { z } from 'zod';
import type { AuditEntryInput } from '../audit';
import { authorizeRequest } from '../auth';
import { parseInput, respondWith } from '../http/respond';
import { getLensRuntime } from '../runtime';
import { recordIdSchema } from '../store/contract';
import { createLogger } from '../telemetry/logger';
import { bulkRequeueBodySchema, replayBodySchema, requeueBodySchema } from './contract';

const log = createLogger('deadletters');

/** What an action answers, and how the audit log records it. */
interface Answered {
  status: number;
  body: unknown;
  result: 'ok' | 'refused' | 'failed';
  details?: Record<string, unknown>;
}

const refused = (status: number, body: Record<string, unknown>): Answered => ({ status, body, result: 'refused', details: { status, ...body } });

/** A path segment may reach us still URL-encoded (`%3A` for the `:` of an id). */
function decodedParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return Symbol.for('invalid-json');
  }
}

function parseBody<S extends z.ZodType>(schema: S, body: unknown): { ok: true; data: z.infer<S> } | { ok: false; answer: Answered } {
  if (typeof body === 'symbol') return { ok: false, answer: refused(422, { error: 'invalid request body', issues: [{ path: [], message: 'not JSON' }] }) };
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issues = parsed.error.issues.map((i) => ({ path: i.path, message: i.message }));
  return { ok: false, answer: refused(422, { error: 'invalid request body', issues }) };
}

/** Every operator action: authorize first, then one audit entry per attempt (refused and failed ones included). */
async function audited(request: Request, what: Pick<AuditEntryInput, 'action' | 'target'>, work: (actor: string) => Promise<Answered>): Promise<Response> {
  const auth = await authorizeRequest(request, 'operator');
  if (!auth.ok) return auth.response;
  const { audit } = getLensRuntime();
  const append = (result: AuditEntryInput['result'], details: Record<string, unknown>) =>
    audit.append({ actor: auth.actor, origin: auth.origin, ...what, result, details }).catch((error: unknown) => log.error('audit append failed', { error }));
  return respondWith(async () => {
    let answered: Answered;
    try {
      answered = await work(auth.actor.name);
    } catch (error) {
      await append('failed', { error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
    await append(answered.result, answered.details ?? {});
    return NextResponse.json(answered.body, { status: answered.status });
  });
}

/** `POST /api/dead-letters/{id}/requeue` with an optional `{ topic, value, confirmFailedAgain }`. */
export async function handleRequeue(request: Request, rawParam: string): Promise<Response> {
  const rawId = decodedParam(rawParam);
  const body = await readJson(request);
  return audited(request, { action: 'dead-letter.requeue', target: rawId }, async (actor) => {
    const id = parseInput(recordIdSchema, rawId, 'invalid dead-letter id');
    if (!id.ok) return refused(422, { error: 'invalid dead-letter id', issues: [{ path: ['id'], message: 'expected topic:partition:offset' }] });
    const input = parseBody(requeueBodySchema, body);
    if (!input.ok) return input.answer;
    const result = await getLensRuntime().deadLetters.requeue(id.data, input.data, actor);
    if (result.ok) {
      const { answer, changes, failedAgain } = result;
      return { status: 200, body: answer, result: 'ok', details: { ...answer, ...(input.data.topic ? { topic: input.data.topic } : {}), failedAgain, edited: changes !== null, ...(changes ? { diff: changes } : {}) } };
    }
    if ('refusal' in result) {
      const { status, ...rest } = result.refusal;
      return refused(status, rest);
    }
    return { status: 502, body: { error: `the requeue did not complete: ${result.failure}; retrying is safe` }, result: 'failed', details: { failure: result.failure } };
  });
}

/** `POST /api/dead-letters/requeue` with `{ ids | filter, topic?, confirmFailedAgain? }`: 202 `{ jobId }`. */
export async function handleBulkRequeue(request: Request): Promise<Response> {
  const body = await readJson(request);
  const count = typeof body === 'object' && body !== null && 'ids' in body && Array.isArray(body.ids) ? body.ids.length : null;
  return audited(request, { action: 'dead-letter.requeue-bulk', target: count === null ? 'filter' : `${count} dead letters` }, async (actor) => {
    const input = parseBody(bulkRequeueBodySchema, body);
    if (!input.ok) return input.answer;
    const started = await getLensRuntime().deadLetters.startBulkRequeue(input.data, actor);
    if (!started.ok) return refused(started.status, { error: started.error, issues: started.issues.map((message) => ({ path: ['filter'], message })) });
    const { job } = started;
    const details = { jobId: job.id, count: job.total, ...(input.data.filter ? { filter: input.data.filter } : {}), topic: input.data.topic ?? null, confirmFailedAgain: input.data.confirmFailedAgain === true };
    return { status: 202, body: { jobId: job.id, job }, result: 'ok', details };
  });
}

/** `POST /api/replays`: a dry run (200) or a started job (202). */
export async function handleReplay(request: Request): Promise<Response> {
  const body = await readJson(request);
  const dryRun = typeof body === 'object' && body !== null && 'dryRun' in body && body.dryRun === true;
  const target = typeof body === 'object' && body !== null && 'target' in body && typeof body.target === 'string' ? body.target : '?';
  return audited(request, { action: dryRun ? 'replay.dry-run' : 'replay', target }, async (actor) => {
    const input = parseBody(replayBodySchema, body);
    if (!input.ok) return input.answer;
    const result = await getLensRuntime().deadLetters.replay(input.data, actor);
    if (!result.ok) return refused(result.status, { error: result.error, issues: result.issues.map((message) => ({ path: [], message })) });
    const { answer } = result;
    const details = { source: input.data.source, count: answer.count, ratePerSecond: answer.ratePerSecond, ...(answer.dryRun ? {} : { jobId: answer.jobId }) };
    return { status: answer.dryRun ? 200 : 202, body: answer, result: 'ok', details };
  });
}

const jobIdSchema = z.uuid('expected a job id');

/** `GET /api/jobs/{id}`: progress of a bulk requeue or replay. */
export async function handleGetJob(request: Request, rawId: string): Promise<Response> {
  const auth = await authorizeRequest(request, 'viewer');
  if (!auth.ok) return auth.response;
  const id = parseInput(jobIdSchema, rawId, 'invalid job id');
  if (!id.ok) return id.response;
  const job = await getLensRuntime().deadLetters.jobs.view(id.data);
  return job === null ? NextResponse.json({ error: `no job ${id.data}` }, { status: 404 }) : NextResponse.json(job);
}

/** `GET /api/jobs?limit=`: recent jobs, newest first. */
export async function handleListJobs(request: Request): Promise<Response> {
  const auth = await authorizeRequest(request, 'viewer');
  if (!auth.ok) return auth.response;
  const limit = parseInput(z.coerce.number().int().min(1).max(200).default(20), new URL(request.url).searchParams.get('limit') ?? undefined, 'invalid query parameters');
  if (!limit.ok) return limit.response;
  return NextResponse.json({ items: await getLensRuntime().deadLetters.jobs.list(limit.data) });
}

/** `POST /api/jobs/{id}/cancel` and `/resume`. */
export async function handleJobControl(request: Request, rawId: string, what: 'cancel' | 'resume'): Promise<Response> {
  return audited(request, { action: what === 'cancel' ? 'job.cancel' : 'job.resume', target: rawId }, async (actor) => {
    const id = jobIdSchema.safeParse(rawId);
    if (!id.success) return refused(422, { error: 'invalid job id' });
    const { deadLetters } = getLensRuntime();
    const job = await deadLetters.jobs.get(id.data);
    if (job === null) return refused(404, { error: `no job ${id.data}` });
    if (what === 'cancel') {
      await deadLetters.runner.cancel(job.id);
    } else {
      // `running` with no live runner (its instance died) resumes too; a live runner anywhere refuses
      const resumable = ['interrupted', 'failed', 'queued', 'running'].includes(job.state) && !deadLetters.runner.isRunning(job.id);
      const started = resumable && (await deadLetters.runner.run(job.id).started);
      if (!started) {
        const where = deadLetters.runner.isRunning(job.id) ? 'running here' : job.state === 'running' ? 'running on another instance' : job.state;
        return refused(409, { error: `job ${job.id} is ${where}; only interrupted or failed jobs resume` });
      }
    }
    return { status: 200, body: await deadLetters.jobs.view(job.id), result: 'ok', details: { jobId: job.id, by: actor, stateBefore: job.state } };
  });
}

import type { RequeueAnswer, RequeueBody } from './contract';
import type { ValueChange } from './edited-value';
import type { ItemPlanner } from './job-runner';
import type { JobRow } from './job-store';
import { isRefusal, newContext, planRequeue, type RequeueContext, type RequeueRefusal } from './plan-requeue';
import { isMissingTarget, type SendOnce, type SendOutcome } from './send-once';

export type RequeueResult =
  | { ok: true; answer: RequeueAnswer; failedAgain: number | null; changes: ValueChange[] | null }
  | { ok: false; refusal: RequeueRefusal }
  | { ok: false; failure: string };

function answerOf(outcome: SendOutcome, status?: RequeueAnswer['status']): RequeueResult | null {
  if (outcome.status === 'failed') return null;
  return { ok: true, answer: { status: status ?? outcome.status, target: outcome.target, requeueId: outcome.sendId }, failedAgain: null, changes: null };
}

/**
 * Requeues one dead letter exactly once: a dead letter already requeued (or being requeued in this process) answers
 * `already-requeued` with the first one's target, whatever this request asks; otherwise the loop guard, the target
 * and an edited value are checked before the send is claimed in the log.
 */
export async function requeueDeadLetter(ctx: Omit<RequeueContext, 'partitionCounts'>, sendOnce: SendOnce, id: string, body: RequeueBody, by: string): Promise<RequeueResult> {
  const earlier = await sendOnce.existing(id);
  if (earlier !== null) {
    return answerOf(earlier, 'already-requeued') ?? { ok: false, failure: earlier.status === 'failed' ? earlier.reason : 'unknown' };
  }
  const plan = await planRequeue(newContext(ctx), id, { topic: body.topic, value: body.value, confirmFailedAgain: body.confirmFailedAgain, by });
  if (isRefusal(plan)) return { ok: false, refusal: plan };
  try {
    const [outcome] = await sendOnce.send([plan.claim]);
    if (outcome === undefined || outcome.status === 'failed') return { ok: false, failure: outcome?.status === 'failed' ? outcome.reason : 'no outcome' };
    const result = answerOf(outcome)!;
    return outcome.status === 'requeued' && result.ok ? { ...result, failedAgain: plan.failedAgain, changes: plan.changes } : result;
  } catch (error) {
    if (isMissingTarget(error)) return { ok: false, refusal: { status: 422, error: 'no target topic', issues: [error.message] } };
    throw error;
  }
}

/** Items of a bulk requeue job: dead-letter ids, each checked like a single requeue; refusals are skipped with their reason. */
export function bulkRequeuePlanner(ctx: Omit<RequeueContext, 'partitionCounts'>, job: JobRow): ItemPlanner {
  const shared = newContext(ctx);
  const topic = typeof job.params['topic'] === 'string' ? job.params['topic'] : undefined;
  const confirmFailedAgain = job.params['confirmFailedAgain'] === true;
  return {
    keyOf: (id) => id,
    async plan(id) {
      const plan = await planRequeue(shared, id, { topic, confirmFailedAgain, by: job.createdBy, jobId: job.id });
      if (isRefusal(plan)) return { skip: 'issues' in plan ? `${plan.error}: ${plan.issues.join('; ')}` : plan.error };
      return { claim: plan.claim };
    },
  };
}

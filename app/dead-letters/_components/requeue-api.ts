import type { BulkRequeueBody, RequeueAnswer, RequeueBody } from '@/server/deadletters/contract';

/** A refused or failed call as the dialogs show it: the server's reason, its 422 issues, and for a 409 why. */
export interface CallProblem {
  status: number;
  error: string;
  issues: string[];
  /** 409: `failed-again` (confirm to go on) or `max-attempts` (the cap stops it) */
  reason: string | null;
  failedAgain: number | null;
}

export type Call<T> = { ok: true; answer: T } | { ok: false; problem: CallProblem };

interface ProblemBody {
  error?: unknown;
  issues?: unknown;
  reason?: unknown;
  failedAgain?: unknown;
}

/** 422 issues come as text (requeue checks) or as zod issues `{ path, message }` (request validation). */
function issuesOf(issues: unknown): string[] {
  if (!Array.isArray(issues)) return [];
  return issues.map((issue: unknown) => {
    if (typeof issue === 'string') return issue;
    const { path, message } = (issue ?? {}) as { path?: unknown; message?: unknown };
    const where = Array.isArray(path) && path.length > 0 ? `${path.join('.')}: ` : '';
    return `${where}${String(message)}`;
  });
}

async function postJson<T>(url: string, body: unknown): Promise<Call<T>> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
  } catch {
    return { ok: false, problem: { status: 0, error: 'cannot reach the Eventy Lens server — is it running?', issues: [], reason: null, failedAgain: null } };
  }
  const payload = (await response.json().catch(() => null)) as (T & ProblemBody) | null;
  if (response.ok && payload !== null) return { ok: true, answer: payload };
  return {
    ok: false,
    problem: {
      status: response.status,
      error: typeof payload?.error === 'string' ? payload.error : `the server answered ${response.status}`,
      issues: issuesOf(payload?.issues),
      reason: typeof payload?.reason === 'string' ? payload.reason : null,
      failedAgain: typeof payload?.failedAgain === 'number' ? payload.failedAgain : null,
    },
  };
}

export function requeueDeadLetter(id: string, body: RequeueBody): Promise<Call<RequeueAnswer>> {
  return postJson(`/api/dead-letters/${encodeURIComponent(id)}/requeue`, body);
}

export function requeueDeadLetters(body: BulkRequeueBody): Promise<Call<{ jobId: string }>> {
  return postJson('/api/dead-letters/requeue', body);
}

export function cancelJob(jobId: string): Promise<Call<unknown>> {
  return postJson(`/api/jobs/${encodeURIComponent(jobId)}/cancel`, {});
}

import type { JobView, ReplayAnswer, ReplayBody } from '@/server/deadletters/contract';

export type Posted<T> = { ok: true; answer: T } | { ok: false; error: string };

/** POSTs JSON to our API; a refusal comes back with the server's reason and issues as one message. */
async function post<T>(url: string, body: unknown): Promise<Posted<T>> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
  } catch {
    return { ok: false, error: 'cannot reach the Eventy Lens server — is it running?' };
  }
  const payload = (await response.json().catch(() => null)) as { error?: unknown; issues?: { message?: unknown }[] } | null;
  if (response.ok && payload !== null) return { ok: true, answer: payload as T };
  const issues = payload?.issues?.map((i) => String(i.message)).join('; ');
  const error = typeof payload?.error === 'string' ? payload.error : `the server answered ${response.status}`;
  return { ok: false, error: issues ? `${error} (${issues})` : error };
}

export const postReplay = (body: ReplayBody) => post<ReplayAnswer>('/api/replays', body);
export const cancelJob = (id: string) => post<JobView>(`/api/jobs/${encodeURIComponent(id)}/cancel`, {});
export const resumeJob = (id: string) => post<JobView>(`/api/jobs/${encodeURIComponent(id)}/resume`, {});

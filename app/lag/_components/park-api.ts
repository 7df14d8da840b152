import type { ParkAnswer, ParkRefusal } from '@/server/deadletters/contract';

/** A refusal as the dialog shows it; `failed` for network errors, 401/403/422 and server errors. */
export type ParkProblem = Omit<ParkRefusal, 'reason'> & { reason: ParkRefusal['reason'] | 'failed' };
export type ParkCall = { ok: true; answer: ParkAnswer } | { ok: false; refusal: ParkProblem };

async function post(url: string, body: unknown): Promise<ParkCall> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
  } catch {
    return { ok: false, refusal: { error: 'cannot reach the Eventy Lens server — is it running?', reason: 'failed' } };
  }
  const payload = (await response.json().catch(() => null)) as (ParkAnswer & ParkRefusal) | null;
  if (response.ok && payload) return { ok: true, answer: payload };
  const issues = (payload as { issues?: { message?: unknown }[] } | null)?.issues?.map((i) => String(i.message)).join('; ');
  const error = typeof payload?.error === 'string' ? payload.error : `the server answered ${response.status}`;
  return { ok: false, refusal: { ...payload, error: issues ? `${error} (${issues})` : error, reason: response.status === 409 || response.status === 404 ? (payload?.reason ?? 'failed') : 'failed' } };
}

export function parkRecord(groupId: string, topic: string, partition: number, offset: number): Promise<ParkCall> {
  const path = [groupId, topic, String(partition)].map(encodeURIComponent).join('/');
  return post(`/api/stuck/${path}/park`, { offset });
}

export function undoPark(parkId: string): Promise<ParkCall> {
  return post(`/api/parks/${encodeURIComponent(parkId)}/undo`, {});
}

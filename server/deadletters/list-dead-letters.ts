import { readRecordDetail } from '../http/record-detail';
import type { RecordStore, StoredDeadLetter } from '../store/contract';
import type { DeadLetterDetail, DeadLetterListAnswer, DeadLetterListQuery, DeadLetterView, RequeueStatus, RequeueStatusSource } from './contract';

export interface DeadLetterReadDeps {
  store: RecordStore;
  requeue: RequeueStatusSource;
}

async function withRequeueStatus(requeue: RequeueStatusSource, stored: readonly StoredDeadLetter[]): Promise<DeadLetterView[]> {
  const statuses = stored.length === 0 ? new Map<string, RequeueStatus>() : await requeue.requeueStatus(stored.map((item) => item.id));
  return stored.map((item) => ({ ...item, requeue: statuses.get(item.id) ?? null }));
}

/** `GET /api/dead-letters`: one row per bug, or the dead letters themselves with what Eventy Lens did with each. */
export async function listDeadLetters(deps: DeadLetterReadDeps, { view, ...query }: DeadLetterListQuery): Promise<DeadLetterListAnswer> {
  if (view === 'grouped') return { view, ...(await deps.store.groupDeadLetters(query)) };
  const page = await deps.store.queryDeadLetters(query);
  return { view, items: await withRequeueStatus(deps.requeue, page.items), nextCursor: page.nextCursor };
}

/** `GET /api/dead-letters/{id}`: null when no stored record of a dead-letter topic has this id. */
export async function readDeadLetter(deps: DeadLetterReadDeps, id: string): Promise<DeadLetterDetail | null> {
  const stored = await deps.store.getDeadLetter(id);
  if (stored === null) return null;
  const { originalTopic, originalPartition, originalOffset } = stored.provenance;
  const originalId = originalTopic !== null && originalPartition !== null && originalOffset !== null ? `${originalTopic}:${originalPartition}:${originalOffset}` : null;
  const [[view], record, original] = await Promise.all([
    withRequeueStatus(deps.requeue, [stored]),
    readRecordDetail(deps.store, id),
    originalId === null ? null : deps.store.getRecord(originalId),
  ]);
  if (view === undefined || record === null) return null;
  return { ...view, record, originalRecordId: original === null ? null : originalId };
}

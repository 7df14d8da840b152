import type { AuditLog } from '../audit/contract';
import type { RequeueStatusSource } from '../deadletters/contract';
import { deadLetterQuerySchema, type RecordStore } from './contract';

const recordId = /^[A-Za-z0-9._-]{1,249}:\d{1,10}:\d{1,19}$/;

export interface ProtectedRecordSources {
  store: Pick<RecordStore, 'queryDeadLetters'>;
  requeue: RequeueStatusSource;
  audit: Pick<AuditLog, 'list'>;
}

/**
 * The records retention must keep: every dead letter not yet requeued with the original record it names, and every
 * record id the audit log mentions (targets and ids in the details, such as a requeued record's new id).
 */
export async function collectProtectedRecordIds({ store, requeue, audit }: ProtectedRecordSources): Promise<string[]> {
  const keep = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await store.queryDeadLetters(deadLetterQuerySchema.parse({ limit: 500, ...(cursor ? { cursor } : {}) }));
    const statuses = await requeue.requeueStatus(page.items.map((item) => item.id));
    for (const item of page.items) {
      if (statuses.get(item.id)?.state === 'requeued') continue;
      keep.add(item.id);
      const { originalTopic, originalPartition, originalOffset } = item.provenance;
      if (originalTopic !== null && originalPartition !== null && originalOffset !== null) keep.add(`${originalTopic}:${originalPartition}:${originalOffset}`);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  let auditCursor: string | undefined;
  do {
    const page = await audit.list({ limit: 1000, ...(auditCursor ? { cursor: auditCursor } : {}) });
    for (const entry of page.items) {
      for (const text of [entry.target, ...stringsIn(entry.details)]) if (recordId.test(text)) keep.add(text);
    }
    auditCursor = page.nextCursor ?? undefined;
  } while (auditCursor !== undefined);
  return [...keep];
}

/** Every string nested in a JSON-like value. */
function stringsIn(value: unknown, into: string[] = [], depth = 0): string[] {
  if (typeof value === 'string') into.push(value);
  else if (depth < 6 && Array.isArray(value)) for (const item of value) stringsIn(item, into, depth + 1);
  else if (depth < 6 && typeof value === 'object' && value !== null) for (const item of Object.values(value)) stringsIn(item, into, depth + 1);
  return into;
}

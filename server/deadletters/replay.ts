import type { RecordStore, RecordView } from '../store/contract';
import type { KafkaAccess } from '../kafka';
import { countPartitions } from './admin-read';
import { lensHeaders, type ReplayPreviewRecord, type ReplaySource } from './contract';
import type { ItemPlanner } from './job-runner';
import type { JobRow } from './job-store';
import { carriedHeaders, choosePartition, keyBytes } from './outgoing-record';
import { originalValue } from './plan-requeue';
import { replayMark } from './send-once';

/** A replay copies at most this many records; a larger range is refused so it can be narrowed. */
export const maxReplayRecords = 100_000;
const previewSize = 20;

export class ReplayTooLargeError extends Error {
  readonly code = 'REPLAY_TOO_LARGE';
}

function inRange(r: RecordView, source: ReplaySource): boolean {
  if (!('topic' in source)) return true;
  if (source.partition !== undefined && r.partition !== source.partition) return false;
  if (source.fromOffset !== undefined && r.offset < source.fromOffset) return false;
  return source.toOffset === undefined || r.offset <= source.toOffset;
}

/** The stored records a replay would copy, in the order they are sent (partition and offset; time for a trace). */
export async function listReplaySource(store: RecordStore, source: ReplaySource): Promise<RecordView[]> {
  const filter = 'topic' in source ? { topic: source.topic, from: source.from, to: source.to } : { correlationId: source.correlationId };
  const found: RecordView[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.queryRecords({ ...filter, limit: 500, ...(cursor === undefined ? {} : { cursor }) });
    for (const r of page.items) if (inRange(r, source)) found.push(r);
    if (found.length > maxReplayRecords) throw new ReplayTooLargeError(`more than ${maxReplayRecords} records match; narrow the range`);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  const byTime = (a: RecordView, b: RecordView) => a.timestamp.localeCompare(b.timestamp) || a.id.localeCompare(b.id);
  return found.sort('topic' in source ? (a, b) => a.partition - b.partition || a.offset - b.offset : byTime);
}

export function previewOf(records: readonly RecordView[]): ReplayPreviewRecord[] {
  return records.slice(0, previewSize).map((r) => ({ id: r.id, timestamp: r.timestamp, key: r.key, kind: r.kind, name: r.record?.name ?? null }));
}

export function describeSource(source: ReplaySource): string {
  if (!('topic' in source)) return `trace ${source.correlationId}`;
  const parts = [source.topic];
  if (source.partition !== undefined) parts.push(`partition ${source.partition}`);
  if (source.fromOffset !== undefined || source.toOffset !== undefined) parts.push(`offsets ${source.fromOffset ?? 0}–${source.toOffset ?? '…'}`);
  if (source.from !== undefined || source.to !== undefined) parts.push(`${source.from ?? '…'} to ${source.to ?? '…'}`);
  return parts.join(' ');
}

/**
 * Items of a replay job: stored record ids, each copied with its key, value and headers (our earlier replay headers
 * replaced) plus eventy-lens-replayed-from and eventy-lens-replay-id, to the source partition when the target is the
 * source topic, else where Eventy's producer would put the key.
 */
export function replayPlanner(deps: { store: RecordStore; kafka: KafkaAccess }, job: JobRow): ItemPlanner {
  const target = String(job.params['target']);
  let partitions: Promise<number> | null = null;
  const partitionCount = () =>
    (partitions ??= countPartitions(deps.kafka, target).then((count) => count ?? 0));
  return {
    keyOf: (sourceId) => replayMark(job.id, sourceId),
    async plan(sourceId) {
      const record = await deps.store.getRecord(sourceId);
      if (record === null) return { skip: 'no longer stored (retention)' };
      const count = await partitionCount();
      if (count === 0) return { skip: `target topic ${target} does not exist` };
      const key = keyBytes(record.key);
      const partition = choosePartition({ targetTopic: target, originalTopic: record.topic, originalPartition: record.partition, partitionCount: count, key });
      const headers = carriedHeaders(record.headers, [[lensHeaders.replayedFrom, sourceId], [lensHeaders.replayId, job.id]], ['eventy-lens-replay']);
      const sendId = replayMark(job.id, sourceId);
      return {
        claim: { key: sendId, kind: 'replay', sourceId, sendId, jobId: job.id, targetTopic: target, targetPartition: partition, by: job.createdBy, editedHash: null, record: { key, value: await originalValue(deps, record), partition, headers } },
      };
    },
  };
}

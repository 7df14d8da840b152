import { randomUUID } from 'node:crypto';
import type { KafkaAccess } from '../kafka';
import { countPartitions } from './admin-read';
import type { RecordStore, RecordView } from '../store/contract';
import { lensHeaders, type DeadLetterTopicsConfig } from './contract';
import { failedAgainCount, isDeadLetterTopic, parseProvenance } from './discovery';
import { checkEditedValue, type ValueChange } from './edited-value';
import { carriedHeaders, choosePartition, keyBytes } from './outgoing-record';
import type { SendClaim } from './requeue-log';

export interface RequeueContext {
  store: RecordStore;
  kafka: KafkaAccess;
  deadLetters: DeadLetterTopicsConfig;
  /** LENS_REQUEUE_MAX_ATTEMPTS: a record requeued this many times is not requeued again */
  maxAttempts: number;
  /** partition count per topic (null: no such topic), filled as topics are looked up */
  partitionCounts: Map<string, number | null>;
}

export interface RequeueOptions {
  topic?: string | undefined;
  value?: string | undefined;
  confirmFailedAgain?: boolean | undefined;
  by: string;
  jobId?: string | null;
}

export type RequeueRefusal =
  | { status: 404; error: string }
  | { status: 409; error: string; reason: 'failed-again' | 'max-attempts'; failedAgain: number }
  | { status: 422; error: string; issues: string[] };

export interface PlannedRequeue {
  claim: Omit<SendClaim, 'highWatermark'>;
  failedAgain: number;
  changes: ValueChange[] | null;
}

export function newContext(base: Omit<RequeueContext, 'partitionCounts'>): RequeueContext {
  return { ...base, partitionCounts: new Map() };
}

async function partitionCount(ctx: RequeueContext, topic: string): Promise<number | null> {
  if (!ctx.partitionCounts.has(topic)) {
    ctx.partitionCounts.set(topic, await countPartitions(ctx.kafka, topic));
  }
  return ctx.partitionCounts.get(topic) ?? null;
}

/** The value bytes exactly as on the dead-letter topic: from the store, or from Kafka when the store kept a preview only. */
export async function originalValue(ctx: Pick<RequeueContext, 'store' | 'kafka'>, record: RecordView): Promise<Buffer | null> {
  const raw = await ctx.store.getRawValue(record.id);
  if (raw !== null && !raw.truncated) return raw.size === 0 && record.error === 'tombstone (null value)' ? null : raw.bytes;
  const [message] = await ctx.kafka.readPartitionRange({ topic: record.topic, partition: record.partition, fromOffset: record.offset, untilOffset: record.offset + 1 }, 30_000);
  if (message === undefined || message.offset !== record.offset) throw new Error(`dead letter ${record.id} is no longer on Kafka and the store kept only a preview of its value`);
  return message.value;
}

/** Checks one dead letter against the loop guard, the target and an edited value; answers what to send or why not. */
export async function planRequeue(ctx: RequeueContext, id: string, options: RequeueOptions): Promise<PlannedRequeue | RequeueRefusal> {
  const record = await ctx.store.getRecord(id);
  if (record === null) return { status: 404, error: `no stored record ${id}` };
  if (!isDeadLetterTopic(record.topic, ctx.deadLetters)) return { status: 404, error: `${id} is not a dead letter: topic ${record.topic} does not match LENS_DLQ_TOPICS` };
  const failedAgain = failedAgainCount(record.headers);
  if (failedAgain >= ctx.maxAttempts) {
    return { status: 409, reason: 'max-attempts', failedAgain, error: `requeued ${failedAgain} times already and failed again each time; the cap (LENS_REQUEUE_MAX_ATTEMPTS) is ${ctx.maxAttempts}` };
  }
  if (failedAgain > 0 && options.confirmFailedAgain !== true) {
    return { status: 409, reason: 'failed-again', failedAgain, error: `this record failed again after ${failedAgain} requeue${failedAgain > 1 ? 's' : ''}; requeue it again with confirmFailedAgain: true` };
  }
  const provenance = parseProvenance(record, ctx.deadLetters);
  const targetTopic = options.topic ?? provenance.originalTopic;
  if (targetTopic === null) return { status: 422, error: 'no target topic', issues: ['the dead letter does not say its original topic: give "topic"'] };
  const count = await partitionCount(ctx, targetTopic);
  if (count === null) return { status: 422, error: 'no target topic', issues: [`target topic ${targetTopic} does not exist (Eventy Lens does not create topics when it requeues)`] };
  let value: Buffer | null;
  let changes: ValueChange[] | null = null;
  let editedHash: string | null = null;
  if (options.value !== undefined) {
    const check = checkEditedValue(options.value, { kind: record.kind, record: record.record });
    if (!check.ok) return { status: 422, error: 'the edited value is not a valid Eventy record', issues: check.reasons };
    [value, changes, editedHash] = [check.bytes, check.changes, check.sha256];
  } else {
    value = await originalValue(ctx, record);
  }
  const key = keyBytes(record.key);
  const partition = choosePartition({ targetTopic, originalTopic: provenance.originalTopic, originalPartition: provenance.originalPartition, partitionCount: count, key });
  const sendId = randomUUID();
  const headers = carriedHeaders(record.headers, [
    [lensHeaders.requeuedFrom, id],
    [lensHeaders.requeuedBy, options.by],
    [lensHeaders.requeueId, sendId],
    [lensHeaders.requeueCount, String(failedAgain + 1)],
  ]);
  return {
    claim: { key: id, kind: 'requeue', sourceId: id, sendId, jobId: options.jobId ?? null, targetTopic, targetPartition: partition, by: options.by, editedHash, record: { key, value, partition, headers } },
    failedAgain,
    changes,
  };
}

export function isRefusal(plan: PlannedRequeue | RequeueRefusal): plan is RequeueRefusal {
  return 'status' in plan;
}

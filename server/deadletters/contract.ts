import { z } from 'zod';
import type { RecordDetail } from '../http/record-detail';
import { deadLetterQuerySchema, type RecordView } from '../store/contract';

/**
 * Dead letters: records on dead-letter topics (found by LENS_DLQ_TOPICS), with the provenance their
 * headers carry, and what Eventy Lens did with them (requeue, replay, park).
 * The id of a dead letter is the record id of the dead-letter record: `dlqTopic:partition:offset`.
 */

/** Headers of our own convention (written by park, requeue and replay; read by discovery). */
export const lensHeaders = {
  originalTopic: 'eventy-lens-original-topic',
  originalPartition: 'eventy-lens-original-partition',
  originalOffset: 'eventy-lens-original-offset',
  /** Kafka timestamp of the original record, epoch ms as decimal text */
  originalTimestamp: 'eventy-lens-original-timestamp',
  errorClass: 'eventy-lens-error-class',
  errorMessage: 'eventy-lens-error-message',
  /** ISO 8601 */
  failedAt: 'eventy-lens-failed-at',
  consumerGroup: 'eventy-lens-consumer-group',
  parkedBy: 'eventy-lens-parked-by',
  parkId: 'eventy-lens-park-id',
  /** on a requeued record: the dead letter it came from, `dlqTopic:partition:offset` */
  requeuedFrom: 'eventy-lens-requeued-from',
  requeuedBy: 'eventy-lens-requeued-by',
  /** idempotency key of the requeue; recovery after a crash looks for it on the target partition */
  requeueId: 'eventy-lens-requeue-id',
  /** how many times this record was requeued (1 on the first requeue); a dead letter carrying it "failed again n times" */
  requeueCount: 'eventy-lens-requeue-count',
  /** on a replayed record: the record it copies, `topic:partition:offset`, and the replay job */
  replayedFrom: 'eventy-lens-replayed-from',
  replayId: 'eventy-lens-replay-id',
} as const;

/** Header prefixes that describe the failure; a requeue drops them (and our own provenance headers of earlier moves). */
export const deadLetterHeaderPrefixes = ['kafka_dlt-', '__connect.errors.', 'eventy-lens-'] as const;

export const deadLetterConventions = ['spring', 'connect', 'eventy-lens', 'plain'] as const;
export type DeadLetterConvention = (typeof deadLetterConventions)[number];

/** What the dead-letter record says about the record that failed; null when its convention does not tell. */
export interface DeadLetterProvenance {
  convention: DeadLetterConvention;
  originalTopic: string | null;
  originalPartition: number | null;
  originalOffset: number | null;
  /** ISO 8601 */
  originalTimestamp: string | null;
  errorClass: string | null;
  errorMessage: string | null;
  /** ISO 8601; the dead-letter record's Kafka timestamp when no header says */
  failedAt: string;
  consumerGroup: string | null;
}

export const requeueStates = ['pending', 'requeued'] as const;

/** What Eventy Lens did with one dead letter (from the durable requeue log). */
export interface RequeueStatus {
  state: (typeof requeueStates)[number];
  requeueId: string;
  /** `topic:partition:offset` of the new record once produced */
  target: string | null;
  /** target topic, known from the start */
  targetTopic: string;
  by: string;
  /** ISO 8601 */
  at: string;
  edited: boolean;
}

export interface DeadLetterView {
  /** `dlqTopic:partition:offset` */
  id: string;
  dlqTopic: string;
  provenance: DeadLetterProvenance;
  /** error class + message with ids and numbers normalised away; equal for failures of one bug */
  fingerprint: string;
  /** the normalised text the fingerprint hashes, for display */
  fingerprintText: string;
  /** value of eventy-lens-requeue-count on the dead letter: it had been requeued that many times and failed again */
  failedAgain: number;
  requeue: RequeueStatus | null;
  record: RecordView;
}

export interface DeadLetterGroup {
  fingerprint: string;
  fingerprintText: string;
  originalTopic: string | null;
  dlqTopic: string;
  errorClass: string | null;
  /** the message of the newest dead letter of the group, as written */
  sampleMessage: string | null;
  count: number;
  /** ISO 8601 */
  firstSeen: string;
  lastSeen: string;
  /** id of the newest dead letter */
  latestId: string;
}

/** `POST /api/dead-letters/{id}/requeue` body (all optional). */
export const requeueBodySchema = z
  .object({
    /** send to this topic instead of the original one */
    topic: z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, 'not a valid Kafka topic name').optional(),
    /** an edited value: JSON text, validated as an Eventy record of the dead letter's kind */
    value: z.string().max(10 * 1024 * 1024).optional(),
    /** required when the dead letter failed again after an earlier requeue */
    confirmFailedAgain: z.boolean().optional(),
  })
  .strict();
export type RequeueBody = z.infer<typeof requeueBodySchema>;

/** `POST /api/dead-letters/{id}/requeue` answer. */
export interface RequeueAnswer {
  status: 'requeued' | 'already-requeued';
  /** `topic:partition:offset` of the new record */
  target: string;
  requeueId: string;
}

/** Server-side jobs (bulk requeue, replay): `GET /api/jobs/{id}`. */
export const jobStates = ['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted'] as const;
export interface JobView {
  id: string;
  kind: 'requeue' | 'replay';
  state: (typeof jobStates)[number];
  /** what the job sends, e.g. `42 dead letters → orders-events` */
  description: string;
  total: number;
  /** produced (or found already produced) */
  done: number;
  /** not sent, with a reason each in `errors` (e.g. failed again without confirmation) */
  skipped: number;
  failed: number;
  errors: { id: string; reason: string }[];
  createdBy: string;
  /** ISO 8601 */
  createdAt: string;
  finishedAt: string | null;
}

/** Which topics are dead-letter topics, and where their records came from when no header says. */
export interface DeadLetterTopicsConfig {
  /** LENS_DLQ_TOPICS */
  pattern: RegExp;
  /** LENS_DLQ_ORIGINAL_TOPICS: dead-letter topic → original topic, for records without provenance headers */
  originalTopics: Record<string, string>;
  /** LENS_PARK_TOPIC_SUFFIX: a parked record goes to `<topic><suffix>` (default `.dlq`, which LENS_DLQ_TOPICS must match) */
  parkTopicSuffix?: string;
}

/**
 * Implemented in server/deadletters/discovery.ts (helper "discovery"):
 * the provenance of a record on a dead-letter topic, read from its headers (Spring, Connect, ours) or the config.
 */
export type ParseProvenance = (record: RecordView, config: DeadLetterTopicsConfig) => DeadLetterProvenance;

/** The requeue side that the dead-letter list reads (runtime.deadLetters, server/deadletters/requeue*). */
export interface RequeueStatusSource {
  /** status for each of `ids` that Eventy Lens requeued or is requeueing; others are absent */
  requeueStatus(ids: readonly string[]): Promise<Map<string, RequeueStatus>>;
}

/** Parking a poison record (server/deadletters/park.ts): copy it to `<topic>.dlq`, then move the group past it. */
export const parkStates = ['pending', 'copied', 'parked', 'undone'] as const;
export type ParkState = (typeof parkStates)[number];

export interface ParkView {
  /** the park id, also written as the eventy-lens-park-id header of the copy */
  id: string;
  groupId: string;
  topic: string;
  partition: number;
  /** offset of the parked record (the group's committed offset when it was parked) */
  offset: number;
  /** pending: logged, copy not confirmed; copied: on the dead-letter topic, offset not moved yet; parked: group moved past it; undone: moved back */
  state: ParkState;
  dlqTopic: string;
  /** the copy: `dlqTopic:partition:offset` (a dead-letter id), null until confirmed */
  deadLetterId: string | null;
  /** ISO 8601 time since which the partition was stuck, when the lag sampler knew it */
  stuckSince: string | null;
  parkedBy: string;
  /** ISO 8601 */
  createdAt: string;
  parkedAt: string | null;
  undoneBy: string | null;
  undoneAt: string | null;
}

/** `POST /api/stuck/{group}/{topic}/{partition}/park` body: the offset the operator saw stuck. */
export const parkBodySchema = z.object({ offset: z.number().int().min(0) }).strict();
export type ParkBody = z.infer<typeof parkBodySchema>;

export const parkPathSchema = z.object({
  group: z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, 'expected a consumer group id (letters, digits, . _ -)'),
  topic: z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, 'not a valid Kafka topic name'),
  partition: z.coerce.number().int().min(0).max(1_000_000),
});

export const parkListQuerySchema = z
  .object({
    group: z.string().min(1).max(249).optional(),
    topic: z.string().min(1).max(249).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();
export type ParkListQuery = z.infer<typeof parkListQuerySchema>;

/** 200 answer of park and undo. */
export interface ParkAnswer {
  status: 'parked' | 'already-parked' | 'undone' | 'already-undone';
  park: ParkView;
  /** the group's committed offset on the partition as the call left it (for already-parked: one past the record, as the first park left it) */
  committedOffset: number;
}

export const parkRefusalReasons = ['group-active', 'offset-moved', 'no-record', 'in-progress', 'not-parked', 'dlq-partition-missing', 'unknown-park'] as const;
export type ParkRefusalReason = (typeof parkRefusalReasons)[number];

/** 409 (404 for unknown-park) answer of park and undo. */
export interface ParkRefusal {
  error: string;
  reason: ParkRefusalReason;
  /** group-active: who holds the group (stop them first: Kafka refuses to move offsets of a group with members) */
  members?: { memberId: string; clientId: string; host: string; assignment: { topic: string; partitions: number[] }[] }[];
  /** offset-moved: where the group's offset is now */
  committedOffset?: number | null;
}

const topicName = z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, 'not a valid Kafka topic name');
const deadLetterId = z.string().regex(/^[A-Za-z0-9._-]{1,249}:\d{1,9}:\d{1,19}$/, 'expected a dead-letter id topic:partition:offset');

/** `POST /api/dead-letters/requeue` body: many dead letters at once, as a job (202 `{ jobId }`). */
export const bulkRequeueBodySchema = z
  .object({
    ids: z.array(deadLetterId).min(1).max(100_000).optional(),
    /** every dead letter matching these filters (as on `GET /api/dead-letters`), in place of `ids` */
    filter: deadLetterQuerySchema.omit({ limit: true, cursor: true }).optional(),
    /** send all of them to this topic instead of each one's original topic */
    topic: topicName.optional(),
    /** requeue those that failed again too (else they are skipped with the reason) */
    confirmFailedAgain: z.boolean().optional(),
  })
  .strict()
  .refine((body) => (body.ids === undefined) !== (body.filter === undefined), { message: 'give either ids or filter', path: ['ids'] });
export type BulkRequeueBody = z.infer<typeof bulkRequeueBodySchema>;

const offset = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** What a replay re-sends: stored records of a topic (optionally one partition, an offset and/or time range), or of one trace. */
export const replaySourceSchema = z.union([
  z
    .object({
      topic: topicName,
      partition: z.number().int().min(0).max(1_000_000).optional(),
      /** both inclusive */
      fromOffset: offset.optional(),
      toOffset: offset.optional(),
      /** Kafka time, both inclusive */
      from: z.iso.datetime({ offset: true }).optional(),
      to: z.iso.datetime({ offset: true }).optional(),
    })
    .strict(),
  z.object({ correlationId: z.string().min(1).max(1000) }).strict(),
]);
export type ReplaySource = z.infer<typeof replaySourceSchema>;

/** `POST /api/replays` body. */
export const replayBodySchema = z
  .object({
    source: replaySourceSchema,
    target: topicName,
    /** answer what would be sent, send nothing */
    dryRun: z.boolean().optional(),
    /** records per second (default LENS_REPLAY_RATE, at most LENS_REPLAY_MAX_RATE) */
    ratePerSecond: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();
export type ReplayBody = z.infer<typeof replayBodySchema>;

export interface ReplayPreviewRecord {
  /** `topic:partition:offset` of the record to copy */
  id: string;
  timestamp: string;
  key: string | null;
  kind: RecordView['kind'];
  /** the Eventy record name, when it decodes */
  name: string | null;
}

/** `POST /api/replays` answer: the dry run (`dryRun: true`) or the started job (202). */
export type ReplayAnswer =
  | { dryRun: true; count: number; target: string; ratePerSecond: number; records: ReplayPreviewRecord[] }
  | { dryRun: false; count: number; target: string; ratePerSecond: number; jobId: string };

/** `GET /api/dead-letters` query: the store's dead-letter filters, one row per bug (`grouped`, the default) or one per dead letter (`flat`). */
export const deadLetterListQuerySchema = deadLetterQuerySchema.extend({ view: z.enum(['grouped', 'flat']).default('grouped') }).strict();
export type DeadLetterListQuery = z.infer<typeof deadLetterListQuerySchema>;

/** `GET /api/dead-letters` answer. */
export type DeadLetterListAnswer =
  | { view: 'grouped'; items: DeadLetterGroup[]; nextCursor: string | null }
  | { view: 'flat'; items: DeadLetterView[]; nextCursor: string | null };

/** `GET /api/dead-letters/{id}` answer: the dead letter, its record as `GET /api/records/{id}` gives it, and the original record's id when that is stored. */
export interface DeadLetterDetail extends DeadLetterView {
  record: RecordDetail;
  originalRecordId: string | null;
}

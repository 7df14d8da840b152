import { z } from 'zod';
import { recordKinds, type DecodedValue, type EventyRecord, type RecordKind, type ValueFormat } from '../decode/contract';
import type { ConsumedMessage, KafkaHeader } from '../kafka/contract';
import type { RetentionPolicy, RetentionResult } from './retention-contract';
import type { DeadLetterGroup, DeadLetterView } from '../deadletters/contract';

/** One Kafka message with its decoding, as the collector hands it to the store. */
export interface IngestedRecord {
  message: ConsumedMessage;
  decoded: DecodedValue;
}

/** What the API returns for one stored Kafka message. */
export interface RecordView {
  /** `topic:partition:offset` */
  id: string;
  topic: string;
  partition: number;
  offset: number;
  /** Kafka timestamp, ISO 8601 UTC */
  timestamp: string;
  key: string | null;
  headers: KafkaHeader[];
  kind: RecordKind;
  format: ValueFormat | 'unknown';
  legacy: boolean;
  record?: EventyRecord;
  /** why the value is undecodable */
  error?: string;
  warnings?: string[];
  /** size of the Kafka value in bytes (0 for a tombstone) */
  size: number;
}

const recordFilterFields = {
  topic: z.string().min(1).optional(),
  source: z.string().min(1).optional(),
  destination: z.string().min(1).optional(),
  /** records whose source or destination is this service */
  service: z.string().min(1).optional(),
  kind: z.enum(recordKinds).optional(),
  name: z.string().min(1).optional(),
  correlationId: z.string().min(1).optional(),
  uuid: z.string().min(1).optional(),
  /** responses answering the request with this uuid */
  requestUuid: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  /** a Kafka header name (case-sensitive, as produced) */
  header: z.string().min(1).max(500).optional(),
  /** the exact value of `header`, as shown: UTF-8 text, or base64 for binary values */
  headerValue: z.string().max(4000).optional(),
  q: z.string().trim().min(1).max(500).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** responses by their `ok` flag (`ok=false`: failed responses); records without one never match */
  ok: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
};

function headerValueHasHeader(filters: { header?: string | undefined; headerValue?: string | undefined }): boolean {
  return filters.headerValue === undefined || filters.header !== undefined;
}
const headerValueNeedsHeader = { message: 'headerValue needs header: give the header name too', path: ['headerValue'] };

/** Filters of the live tail: those of a page query, without its paging. */
export const recordFilterSchema = z
  .object(recordFilterFields)
  .strict()
  .refine(headerValueHasHeader, headerValueNeedsHeader);

export type RecordFilter = z.infer<typeof recordFilterSchema>;

export const recordQuerySchema = z
  .object({
    ...recordFilterFields,
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().min(1).max(500).optional(),
  })
  .strict()
  .refine(headerValueHasHeader, headerValueNeedsHeader);

export type RecordQuery = z.infer<typeof recordQuerySchema>;

export interface RecordPage {
  items: RecordView[];
  nextCursor: string | null;
}

export interface TopicCount {
  topic: string;
  records: number;
  undecodable: number;
}

export interface StoreStats {
  recordCount: number;
  sizeBytes: number;
  topics: TopicCount[];
}

/** Stored records of one window counted per writer, receiver, record name, topic and kind (`GET /api/flows`). */
export interface FlowCount {
  source: string | null;
  destination: string | null;
  namespace: string | null;
  name: string | null;
  topic: string;
  kind: RecordKind;
  records: number;
  /** responses with `ok: false` */
  notOk: number;
  /** the correlation id of the group's first record in the window */
  correlationId: string | null;
}

export interface FlowWindow {
  /** epoch ms, both inclusive */
  fromMs: number;
  toMs: number;
  /** how many correlation ids to draw, spread over the window */
  sampleSize: number;
}

export interface FlowCounts {
  counts: FlowCount[];
  sampleCorrelationIds: string[];
}

/** Durable record storage. Unique on (topic, partition, offset): inserting again is a no-op. */
export interface RecordStore {
  /** Writes the batch in one transaction; resolves once it is durable. Returns rows actually inserted. */
  insertBatch(records: readonly IngestedRecord[]): Promise<number>;
  /**
   * How many `insertBatch` calls (of different partitions) gain from running at once: 1 for SQLite (one writer),
   * more for a server whose round trips and commits overlap. The collector processes that many partitions at once.
   */
  readonly concurrentBatches: number;
  queryRecords(query: RecordQuery): Promise<RecordPage>;
  getRecord(id: string): Promise<RecordView | null>;
  /** Raw value bytes (possibly a bounded preview for huge values). */
  getRawValue(id: string): Promise<{ bytes: Buffer; truncated: boolean; size: number } | null>;
  stats(): Promise<StoreStats>;
  /** Record counts of a time window grouped for the flow graph, and correlation ids to sample its hop latencies from. */
  countFlows(window: FlowWindow): Promise<FlowCounts>;
  /** Recent traces (one per correlation id), newest start first, from a summary kept up to date by insertBatch. */
  listTraces(query: TraceListQuery): Promise<TraceSummaryPage>;
  /** Deletes what the retention policy no longer keeps (oldest first), never the `keep` ids. */
  applyRetention(policy: RetentionPolicy): Promise<RetentionResult>;
  /** Records on dead-letter topics (the store's DeadLetterTopicsConfig), newest first, from a table kept by insertBatch. */
  queryDeadLetters(query: DeadLetterQuery): Promise<StoredDeadLetterPage>;
  /** The same dead letters as one row per dead-letter topic, original topic and error fingerprint, latest failure first. */
  groupDeadLetters(query: DeadLetterQuery): Promise<DeadLetterGroupPage>;
  /** One dead letter by its record id (`dlqTopic:partition:offset`); null when not stored or not on a dead-letter topic. */
  getDeadLetter(id: string): Promise<StoredDeadLetter | null>;
  close(): Promise<void>;
}

/** Thrown for a malformed cursor; the API maps it to 422. */
export class InvalidCursorError extends Error {
  readonly code = 'INVALID_CURSOR';
}

/** `topic:partition:offset`, as in RecordView.id */
export const recordIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,249}:\d{1,9}:\d{1,19}$/, 'expected topic:partition:offset, e.g. orders-events:0:42');

export const traceStatuses = ['ok', 'error'] as const;

export const traceListQuerySchema = z
  .object({
    /** traces with a record from or to this service (`orders` or `urn:orders`) */
    service: z.string().trim().min(1).max(500).optional(),
    /** error: some response of the trace is `ok: false` */
    status: z.enum(traceStatuses).optional(),
    minDurationMs: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    /** bounds on the trace's first record, both inclusive */
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().min(1).max(1500).optional(),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) <= Date.parse(q.to), {
    message: 'from must not be after to',
    path: ['from'],
  });

export type TraceListQuery = z.infer<typeof traceListQuerySchema>;

/** One correlation as the store summarises it at ingest. */
export interface StoredTraceSummary {
  correlationId: string;
  /** Kafka time of the first and last record, ISO 8601 */
  startedAt: string;
  endedAt: string;
  durationMs: number;
  recordCount: number;
  /** service names (`urn:` dropped) of the records' sources and destinations, sorted */
  services: string[];
  /** name of the earliest record */
  rootName: string | null;
  status: (typeof traceStatuses)[number];
  errorCount: number;
  /** the first W3C traceparent header seen on the correlation's records */
  traceparent: string | null;
}

export interface TraceSummaryPage {
  items: StoredTraceSummary[];
  nextCursor: string | null;
}

const deadLetterFilterFields = {
  q: recordFilterFields.q,
  key: recordFilterFields.key,
  correlationId: recordFilterFields.correlationId,
  uuid: recordFilterFields.uuid,
  name: recordFilterFields.name,
  /** bounds on the dead-letter record's Kafka time, both inclusive */
  from: recordFilterFields.from,
  to: recordFilterFields.to,
  dlqTopic: z.string().min(1).max(249).optional(),
  originalTopic: z.string().min(1).max(249).optional(),
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/, 'expected 16 hex digits').optional(),
  errorClass: z.string().min(1).max(1000).optional(),
};

export const deadLetterQuerySchema = z
  .object({
    ...deadLetterFilterFields,
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().min(1).max(500).optional(),
  })
  .strict();

export type DeadLetterQuery = z.infer<typeof deadLetterQuerySchema>;

/** A dead letter as stored: what discovery read from it at ingest (the requeue status lives elsewhere). */
export type StoredDeadLetter = Omit<DeadLetterView, 'requeue'>;

export interface StoredDeadLetterPage {
  items: StoredDeadLetter[];
  nextCursor: string | null;
}

export interface DeadLetterGroupPage {
  items: DeadLetterGroup[];
  nextCursor: string | null;
}

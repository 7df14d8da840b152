/** Types of a causal trace: the records of one correlation id linked into trees (protocol doc §4.3). */
import type { RecordKind } from '../decode/contract';

/** How a node hangs under its parent: proven by the data, guessed from consumption, or not at all. */
export type TraceEdge = 'exact' | 'inferred' | 'root' | 'orphan';

export type EdgeConfidence = 'certain' | 'high' | 'medium' | 'low';

export const linkRules = {
  requestUuid: 'request_uuid',
  requestUuidDestinationMismatch: 'request_uuid (destination mismatch)',
  requestUuidNamespaceMismatch: 'request_uuid (namespace mismatch)',
  traceparent: 'traceparent',
  requestHandled: 'request consumed by its target service',
  responseReceived: 'response consumed by its destination',
  eventConsumed: "event on a topic the service's group reads",
  missingRequest: 'request_uuid of a request not in the trace',
} as const;

export type LinkRule = (typeof linkRules)[keyof typeof linkRules];

interface LinkedEdge {
  edge: TraceEdge;
  /** set for exact, inferred and orphan edges */
  rule?: LinkRule;
  confidence?: EdgeConfidence;
  /** how much later the parent is dated than this record (clocks of two services disagree) */
  clockSkewMs?: number;
}

/** One stored Kafka message of the trace. */
export interface TraceRecordNode extends LinkedEdge {
  type: 'record';
  /** `topic:partition:offset`, as RecordView.id */
  id: string;
  uuid: string | null;
  kind: RecordKind;
  name: string | null;
  source: string | null;
  /** the emitting service, from `source` or from the topic written to */
  service: string | null;
  topic: string;
  /** Kafka timestamp, epoch ms */
  timestamp: number;
  /** time from this record to the first record it caused; null when it caused nothing */
  waitMs: number | null;
  /** for a request: time until its response */
  processingMs: number | null;
  /** OpenTelemetry span id: the services' own (traceparent) when present, else derived */
  spanId: string;
  /** why the hop failed: an `ok: false` response, an undecodable value, a dead-lettered record */
  error?: string;
  /** ids of other copies of the same uuid, dropped from the tree */
  duplicateIds?: string[];
  children: TraceNode[];
}

/** Stands for a request that responses point to but that is not in the trace. */
export interface MissingRequestNode {
  type: 'missing-request';
  id: string;
  kind: 'request';
  requestUuid: string;
  /** earliest timestamp of its orphans, epoch ms */
  timestamp: number;
  edge: 'root';
  children: TraceNode[];
}

/** Many siblings of the same kind, name and service, folded into one expandable node. */
export interface CollapsedGroupNode {
  type: 'collapsed';
  id: string;
  kind: RecordKind;
  name: string | null;
  source: string | null;
  service: string | null;
  count: number;
  memberIds: string[];
  /** the folded nodes with their subtrees, for expanding */
  members: TraceRecordNode[];
  /** first and last member timestamps, epoch ms */
  timestamp: number;
  lastTimestamp: number;
  errorCount: number;
  edge: TraceEdge;
  children: [];
}

export type TraceNode = TraceRecordNode | MissingRequestNode | CollapsedGroupNode;

export interface Trace {
  correlationId: string;
  /** 32 hex digits */
  traceId: string;
  /** ISO 8601 of the earliest record */
  startedAt: string;
  durationMs: number;
  services: string[];
  status: 'ok' | 'error';
  recordCount: number;
  roots: TraceNode[];
}

/** Topic and URN overrides for a service whose names do not follow `<service>-events` and `urn:<service>`. */
export interface ServiceNamesOverride {
  urn?: string;
  eventsTopic?: string;
  requestsTopic?: string;
  responsesTopic?: string;
}

/** Who reads what: built by the caller from the consumer groups' committed offsets (group = service name, §3.3). */
export interface ServiceConsumption {
  /** service name → topics its consumer group has committed offsets on */
  topicsByService: Readonly<Record<string, readonly string[]>>;
  /** services whose topics or URN differ from the defaults */
  overrides?: Readonly<Record<string, ServiceNamesOverride>>;
}

export interface LinkOptions {
  /** how much later than a record its parent may be dated (clock skew between services); default 2000 */
  clockSkewToleranceMs?: number;
  /** more siblings of one kind, name and service than this collapse into one node; default 20 */
  collapseAbove?: number;
  /** keep only records of this correlation; default: the correlation id most records carry */
  correlationId?: string;
  /** record id → why it was dead-lettered, for records of the trace parked on a dead-letter topic */
  deadLetters?: Readonly<Record<string, string>>;
}

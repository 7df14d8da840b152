/** Types of the service flow graph: who sent which records to whom over a time window, with rates, errors and hop latency. */
import { z } from 'zod';
import type { RecordKind } from '../decode/contract';

const defaultWindowMs = 15 * 60_000;
const maxWindowMs = 7 * 24 * 60 * 60_000;

const isoTime = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 time such as 2026-01-01T00:00:00Z' }).transform((t) => Date.parse(t));

/** `from`/`to` of `GET /api/flows` as epoch ms, both inclusive: the 15 minutes before `to` (default now) when absent. */
export const flowsQuerySchema = z
  .strictObject({ from: isoTime.optional(), to: isoTime.optional() })
  .transform(({ from, to }, ctx) => {
    const toMs = to ?? Date.now();
    const fromMs = from ?? toMs - defaultWindowMs;
    if (fromMs > toMs) ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must not be after to' });
    if (toMs - fromMs > maxWindowMs) ctx.addIssue({ code: 'custom', path: ['from'], message: 'the window can span at most 7 days' });
    return { fromMs, toMs };
  });

export type FlowsQuery = z.infer<typeof flowsQuerySchema>;

/**
 * A node: an Eventy service (from records' `source`/`destination` and from consumer groups, a group being named after
 * its service), a topic whose records no known group reads, or the unknown writer of undecodable values.
 */
export interface FlowNode {
  /** the service name (`billing` for `urn:billing`), `topic:<name>`, or `unknown` */
  id: string;
  kind: 'service' | 'topic' | 'unknown';
  label: string;
  /** the URN records carry for this service (`urn:<id>` when only its group is known); null for other kinds */
  urn: string | null;
  /** the consumer group read as this service's, when there is one */
  groupId: string | null;
  /** records this node wrote in the window, and how many of them failed */
  produced: number;
  producedErrors: number;
  /** records of the window sent to this node */
  consumed: number;
  /** the group's lag as the lag sampler last read it; null without a group or lag data */
  lag: { lagRecords: number; lagSeconds: number | null } | null;
}

/** How an edge's consumer is known. */
export type ConsumerRule =
  /** a request, read by the owner of its `-requests` topic (or its namespace's service) */
  | 'request target'
  /** a response, read by its `destination` */
  | 'response destination'
  /** the consumer group named after the service committed offsets on the topic */
  | 'consumer group'
  /** no group is known to read the topic */
  | 'none';

/** "`from` produced records named `name` on `topic` that `to` consumed", over the window. */
export interface FlowEdge {
  id: string;
  /** node ids */
  from: string;
  to: string;
  /** the records' `source` URN (null for undecodable values) */
  source: string | null;
  /** null for undecodable values */
  name: string | null;
  topic: string;
  kind: RecordKind;
  consumerRule: ConsumerRule;
  count: number;
  /** records per second over the whole window */
  ratePerSecond: number;
  /** `ok: false` responses and undecodable values */
  errors: number;
  errorRate: number;
  /** time from a record to the next record its consumer emitted in the same correlation, over the sampled traces */
  latency: { p50Ms: number; p95Ms: number; samples: number } | null;
  /** up to 3 correlation ids with records of this edge, those whose hop was seen first */
  exampleCorrelationIds: string[];
}

export interface FlowGraph {
  /** ISO 8601, both inclusive */
  from: string;
  to: string;
  windowSeconds: number;
  /** stored records in the window */
  records: number;
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** hop latencies come from a bounded sample of correlations, not from every record */
  latencySample: { correlations: number; maxCorrelations: number; maxRecordsPerCorrelation: number; hops: number };
  /** false when the consumer groups could not be read in time: event consumers and lag are then missing */
  consumptionKnown: boolean;
  /** ISO time the lag (and the groups' topics) were read at */
  lagAsOf: string | null;
}

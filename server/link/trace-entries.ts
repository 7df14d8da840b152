import type { EventyRecord } from '../decode/contract';
import type { RecordView } from '../store/contract';
import { traceparentOf, type TraceparentIds } from './otel-ids';
import type { ServiceNaming } from './service-naming';

/** One record of the trace, deduplicated and placed in time order. */
export interface TraceEntry {
  /** position in time order */
  index: number;
  view: RecordView;
  record: EventyRecord | undefined;
  /** Kafka timestamp, epoch ms */
  timestamp: number;
  /** the service that wrote it */
  service: string | null;
  traceparent: TraceparentIds | null;
  /** the first entry carrying its traceparent span id: the record that span was made for */
  ownsSpan: boolean;
  duplicateIds: string[];
}

export interface TraceEntries {
  correlationId: string;
  entries: TraceEntry[];
}

function mostFrequentCorrelation(records: readonly RecordView[]): string {
  const counts = new Map<string, number>();
  let best = '';
  let bestCount = 0;
  for (const view of records) {
    const id = view.record?.correlation_id;
    if (id === undefined) continue;
    const count = (counts.get(id) ?? 0) + 1;
    counts.set(id, count);
    if (count > bestCount) [best, bestCount] = [id, count];
  }
  return best;
}

const maxDateMs = 8.64e15;

function timestampOf(view: RecordView): number {
  const parsed = Date.parse(view.timestamp);
  if (Number.isFinite(parsed)) return parsed;
  const business = view.record?.date_timestamp ?? 0;
  return Math.abs(business) <= maxDateMs ? business : 0;
}

function inTimeOrder(a: { view: RecordView; timestamp: number }, b: { view: RecordView; timestamp: number }): number {
  return (
    a.timestamp - b.timestamp ||
    (a.view.topic < b.view.topic ? -1 : a.view.topic > b.view.topic ? 1 : 0) ||
    a.view.partition - b.view.partition ||
    a.view.offset - b.view.offset
  );
}

function emitterOf(view: RecordView, naming: ServiceNaming): string | null {
  if (view.record) return naming.serviceOfUrn(view.record.source);
  // a request topic belongs to the target, not to the writer
  const owner = naming.ownerOfTopic(view.topic);
  return owner && owner.role !== 'requests' ? owner.service : null;
}

/**
 * Keeps the records of one correlation (undecodable ones the caller chose to pass included), in time order,
 * one entry per uuid: the earliest copy stays and names the others.
 */
export function collectTraceEntries(records: readonly RecordView[], naming: ServiceNaming, correlationId?: string): TraceEntries {
  const correlation = correlationId ?? mostFrequentCorrelation(records);
  const candidates = records
    .filter((view) => view.record === undefined || view.record.correlation_id === correlation)
    .map((view) => ({ view, timestamp: timestampOf(view) }))
    .sort(inTimeOrder);
  const entries: TraceEntry[] = [];
  const byUuid = new Map<string, TraceEntry>();
  const seenIds = new Set<string>();
  const seenSpans = new Set<string>();
  for (const { view, timestamp } of candidates) {
    if (seenIds.has(view.id)) continue;
    seenIds.add(view.id);
    const uuid = view.record?.uuid;
    const original = uuid === undefined ? undefined : byUuid.get(uuid);
    if (original) {
      original.duplicateIds.push(view.id);
      continue;
    }
    const traceparent = traceparentOf(view.headers);
    const ownsSpan = traceparent !== null && !seenSpans.has(traceparent.spanId);
    if (traceparent) seenSpans.add(traceparent.spanId);
    const entry: TraceEntry = {
      index: entries.length,
      view,
      record: view.record,
      timestamp,
      service: emitterOf(view, naming),
      traceparent,
      ownsSpan,
      duplicateIds: [],
    };
    entries.push(entry);
    if (uuid !== undefined) byUuid.set(uuid, entry);
  }
  return { correlationId: correlation, entries };
}

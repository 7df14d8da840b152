import { parseEventyDateIso } from '../decode/eventy-date';
import type { Trace, TraceNode, TraceRecordNode } from '../link/contract';
import { spanIdFromRecordUuid, traceparentOf } from '../link/otel-ids';
import type { RecordView } from '../store/contract';
import type { RecordSpan, RecordSpanLink, SpanRef } from './contract';
import { recordSpanAttributes } from './record-span-attributes';

/** The causal parent of a node as the linker chose it, with how sure the edge is. */
interface CausalParent extends SpanRef {
  node: TraceRecordNode | null;
}

/** The record's own date (business time), else its Kafka timestamp; epoch ms. */
function startOf(node: TraceRecordNode, view: RecordView): number {
  const record = view.record;
  const iso = record?.date_iso8601 ? parseEventyDateIso(record.date_iso8601)?.ms : undefined;
  return iso ?? record?.date_timestamp ?? node.timestamp;
}

function causalLink(parent: CausalParent, node: TraceRecordNode): RecordSpanLink {
  const attributes: RecordSpanLink['attributes'] = { 'eventy.link': 'causal-parent', 'eventy.edge': node.edge };
  if (node.rule !== undefined) attributes['eventy.edge_rule'] = node.rule;
  if (parent.node) attributes['eventy.record_id'] = parent.node.id;
  return { traceId: parent.traceId, spanId: parent.spanId, attributes };
}

function recordSpan(trace: Trace, node: TraceRecordNode, view: RecordView, causal: CausalParent | null): RecordSpan {
  const spanId = spanIdFromRecordUuid(node.uuid ?? node.id);
  const traceparent = traceparentOf(view.headers);
  const traceId = traceparent?.traceId ?? trace.traceId;
  // the linker gave this record the span its service propagated: our span hangs under the service's own
  const ownsServiceSpan = traceparent !== null && node.spanId === traceparent.spanId && traceparent.spanId !== spanId;
  let parentSpanId: string | null = null;
  const links: RecordSpanLink[] = [];
  if (ownsServiceSpan) parentSpanId = traceparent.spanId;
  else if (causal && causal.traceId === traceId) parentSpanId = causal.spanId;
  if (causal && parentSpanId !== causal.spanId) links.push(causalLink(causal, node));
  const startMs = startOf(node, view);
  return {
    recordId: node.id,
    traceId,
    spanId,
    parentSpanId,
    name: `${node.kind} ${node.name ?? view.topic}`,
    serviceName: node.service ?? 'unknown_service',
    startMs,
    // the linker's timings: until the response for a request, else until the first record it caused
    endMs: startMs + (node.processingMs ?? node.waitMs ?? 0),
    attributes: recordSpanAttributes(node, view),
    status: node.error === undefined ? { code: 'unset' } : { code: 'error', message: node.error },
    links,
  };
}

/**
 * One span per record of a linked trace: ids from the correlation and the record uuids, parents from the
 * causal edges. Pure; `records` are the views the trace was linked from (unknown ids are skipped).
 */
export function spansOfTrace(trace: Trace, records: readonly RecordView[]): RecordSpan[] {
  const views = new Map(records.map((view) => [view.id, view]));
  const spans: RecordSpan[] = [];
  // iterative: traces can be 10,000 records deep
  const pending: { node: TraceNode; parent: CausalParent | null }[] = trace.roots.map((node) => ({ node, parent: null }));
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { node, parent } = item;
    if (node.type === 'collapsed') {
      for (const member of node.members) pending.push({ node: member, parent });
    } else if (node.type === 'missing-request') {
      // the span the request would have, had it been stored: its response spans still share a parent
      const placeholder = { traceId: trace.traceId, spanId: spanIdFromRecordUuid(node.requestUuid), node: null };
      for (const child of node.children) pending.push({ node: child, parent: placeholder });
    } else {
      const view = views.get(node.id);
      const span = view ? recordSpan(trace, node, view, parent) : null;
      if (span) spans.push(span);
      const own = span ? { traceId: span.traceId, spanId: span.spanId, node } : parent;
      for (const child of node.children) pending.push({ node: child, parent: own });
    }
  }
  return spans.sort((a, b) => a.startMs - b.startMs || (a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0));
}

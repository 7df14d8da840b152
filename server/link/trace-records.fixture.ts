import type { EventyRecord } from '../decode/contract';
import type { KafkaHeader } from '../kafka/contract';
import type { RecordView } from '../store/contract';
import type { ServiceConsumption, TraceNode, TraceRecordNode } from './contract';

/** Test data: RecordViews of one correlation, built by hand, as the store returns them. */

export const correlationId = 'orders:POST_/api/orders:q8Zr1YwK3bE';
export const startMs = Date.parse('2024-01-15T10:30:00.000Z');

let counter = 0;
const offsets = new Map<string, number>();

function nextUuid(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}

interface ViewFields {
  topic?: string;
  headers?: KafkaHeader[];
  record?: Partial<EventyRecord>;
}

function view(topic: string, atMs: number, record: EventyRecord | undefined, headers: KafkaHeader[] = []): RecordView {
  const offset = offsets.get(topic) ?? 0;
  offsets.set(topic, offset + 1);
  const base: RecordView = {
    id: `${topic}:0:${offset}`,
    topic,
    partition: 0,
    offset,
    timestamp: new Date(startMs + atMs).toISOString(),
    key: null,
    headers,
    kind: record ? (record.type.toLowerCase() as 'event' | 'request' | 'response') : 'undecodable',
    format: 'json',
    legacy: false,
    size: 100,
  };
  return record ? { ...base, record } : base;
}

function eventyRecord(fields: Partial<EventyRecord> & Pick<EventyRecord, 'type' | 'namespace' | 'name' | 'source'>): EventyRecord {
  return {
    protocol_version: '3.0.0',
    version: '1.0.0',
    uuid: nextUuid(),
    correlation_id: correlationId,
    partition_key: null,
    date_timestamp: null,
    date_iso8601: null,
    context: {},
    data: {},
    ...fields,
  };
}

/** An Event written by `service` on its events topic, `atMs` after startMs. */
export function eventView(service: string, name: string, atMs: number, fields: ViewFields = {}): RecordView {
  const record = eventyRecord({ type: 'EVENT', namespace: `urn:${service}`, name, source: `urn:${service}`, ...fields.record });
  return view(fields.topic ?? `${service}-events`, atMs, record, fields.headers);
}

/** A Request from `from` to `to`, on `to`'s requests topic. */
export function requestView(from: string, to: string, name: string, atMs: number, fields: ViewFields = {}): RecordView {
  const record = eventyRecord({ type: 'REQUEST', namespace: `urn:${to}`, name, source: `urn:${from}`, ...fields.record });
  return view(fields.topic ?? `${to}-requests`, atMs, record, fields.headers);
}

/** The Response to `request`, written by its target on its responses topic. */
export function responseView(request: RecordView, atMs: number, fields: ViewFields = {}): RecordView {
  const asked = request.record!;
  const responder = asked.namespace.slice('urn:'.length);
  const record = eventyRecord({
    type: 'RESPONSE',
    namespace: asked.namespace,
    name: `${asked.name}Result`,
    source: asked.namespace,
    destination: asked.source,
    request_uuid: asked.uuid,
    ok: true,
    error_code: null,
    error_message: null,
    ...fields.record,
  });
  return view(fields.topic ?? `${responder}-responses`, atMs, record, fields.headers);
}

export function undecodableView(topic: string, atMs: number, reason = 'not JSON'): RecordView {
  return { ...view(topic, atMs, undefined), format: 'unknown', error: reason };
}

export function traceparentHeader(traceId: string, spanId: string): KafkaHeader {
  return { key: 'traceparent', value: `00-${traceId}-${spanId}-01`, encoding: 'utf8' };
}

/** orders reads billing's responses, billing its requests, shipping and notify read orders' events. */
export const demoConsumption: ServiceConsumption = {
  topicsByService: {
    orders: ['billing-responses'],
    billing: ['billing-requests'],
    shipping: ['orders-events'],
    notify: ['orders-events', 'shipping-events'],
  },
};

/** Every record node of a tree, collapsed members included, keyed by record id. */
export function nodesById(roots: readonly TraceNode[]): Map<string, TraceRecordNode> {
  const found = new Map<string, TraceRecordNode>();
  const pending = [...roots];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node.type === 'collapsed') pending.push(...node.members);
    else pending.push(...node.children);
    if (node.type === 'record') found.set(node.id, node);
  }
  return found;
}

/** Record id of a node's parent, 'root' for a root, the placeholder's id for an orphan. */
export function parentIds(roots: readonly TraceNode[]): Map<string, string> {
  const parents = new Map<string, string>();
  const visit = (nodes: readonly TraceNode[], parentId: string): void => {
    for (const node of nodes) {
      if (node.type === 'collapsed') visit(node.members, parentId);
      else {
        if (node.type === 'record') parents.set(node.id, parentId);
        visit(node.children, node.id);
      }
    }
  };
  visit(roots, 'root');
  return parents;
}

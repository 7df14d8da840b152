import type { TraceRecordNode } from '../link/contract';
import type { RecordView } from '../store/contract';
import type { SpanAttributes } from './contract';

/** Attributes after the OpenTelemetry messaging conventions (Kafka, producer side). */
function messagingAttributes(view: RecordView): SpanAttributes {
  const attributes: SpanAttributes = {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'send',
    'messaging.operation.name': 'send',
    'messaging.destination.name': view.topic,
    'messaging.destination.partition.id': String(view.partition),
    'messaging.kafka.offset': view.offset,
    'messaging.message.body.size': view.size,
  };
  if (view.key !== null) attributes['messaging.kafka.message.key'] = view.key;
  if (view.record) {
    attributes['messaging.message.id'] = view.record.uuid;
    attributes['messaging.message.conversation_id'] = view.record.correlation_id;
  }
  return attributes;
}

function eventyAttributes(node: TraceRecordNode, view: RecordView): SpanAttributes {
  const attributes: SpanAttributes = {
    'eventy.kind': node.kind,
    'eventy.record_id': view.id,
    'eventy.kafka_timestamp': view.timestamp,
    'eventy.format': view.format,
    'eventy.edge': node.edge,
  };
  const record = view.record;
  if (record) {
    attributes['eventy.name'] = record.name;
    attributes['eventy.namespace'] = record.namespace;
    attributes['eventy.source'] = record.source;
    attributes['eventy.version'] = record.version;
    attributes['eventy.protocol_version'] = record.protocol_version;
    attributes['eventy.correlation_id'] = record.correlation_id;
    if (record.partition_key !== null) attributes['eventy.partition_key'] = record.partition_key;
    if (record.destination !== undefined) attributes['eventy.destination'] = record.destination;
    if (record.request_uuid !== undefined) attributes['eventy.request_uuid'] = record.request_uuid;
    if (record.ok !== undefined) attributes['eventy.ok'] = record.ok;
    if (record.error_code !== undefined && record.error_code !== null) attributes['eventy.error_code'] = record.error_code;
    if (record.error_message) attributes['eventy.error_message'] = record.error_message;
  }
  if (view.legacy) attributes['eventy.legacy'] = true;
  if (view.error !== undefined) attributes['eventy.undecodable_reason'] = view.error;
  if (node.service !== null) attributes['eventy.service'] = node.service;
  if (node.rule !== undefined) attributes['eventy.edge_rule'] = node.rule;
  if (node.confidence !== undefined) attributes['eventy.edge_confidence'] = node.confidence;
  if (node.clockSkewMs !== undefined) attributes['eventy.clock_skew_ms'] = node.clockSkewMs;
  if (node.waitMs !== null) attributes['eventy.wait_ms'] = node.waitMs;
  if (node.processingMs !== null) attributes['eventy.processing_ms'] = node.processingMs;
  if (node.duplicateIds) attributes['eventy.duplicate_ids'] = [...node.duplicateIds];
  return attributes;
}

/** Everything the span says about its record: where it was written, what it is, how it was linked. */
export function recordSpanAttributes(node: TraceRecordNode, view: RecordView): SpanAttributes {
  return { ...messagingAttributes(view), ...eventyAttributes(node, view) };
}

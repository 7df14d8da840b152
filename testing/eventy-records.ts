/** Eventy records for tests, encoded byte-exactly as Python eventy's JSON serializer writes them. */
import { randomUUID } from 'node:crypto';
import { encodeEventyJson, formatEventyDateIso } from '../server/decode';
import type { EventyRecord } from '../server/decode/contract';

type Common = Partial<Omit<EventyRecord, 'type'>>;

function common(over: Common, ms = Date.now()): Omit<EventyRecord, 'type'> {
  return {
    namespace: 'urn:orders',
    name: 'OrderPlaced',
    protocol_version: '3.0.0',
    version: '1.0.0',
    source: 'urn:orders',
    uuid: randomUUID(),
    correlation_id: `orders:POST_/api/orders:${randomUUID().slice(0, 11)}`,
    partition_key: null,
    date_timestamp: ms,
    date_iso8601: formatEventyDateIso(ms),
    context: {},
    data: {},
    ...over,
  };
}

export function testEvent(over: Common = {}): EventyRecord {
  return { type: 'EVENT', ...common(over) };
}

export function testRequest(over: Common = {}): EventyRecord {
  return { type: 'REQUEST', ...common({ namespace: 'urn:billing', name: 'ChargeCustomer', ...over }) };
}

export function testResponse(request: EventyRecord, over: Common = {}): EventyRecord {
  const base = common({ namespace: request.namespace, name: `${request.name}Result`, source: request.namespace, correlation_id: request.correlation_id, ...over });
  return {
    type: 'RESPONSE',
    ...base,
    destination: request.source,
    request_uuid: request.uuid,
    ok: over.ok ?? true,
    error_code: over.error_code ?? null,
    error_message: over.error_message ?? null,
  };
}

export function encoded(record: EventyRecord): { key: string | null; value: Buffer } {
  return { key: record.partition_key, value: encodeEventyJson(record) };
}

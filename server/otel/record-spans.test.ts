import { describe, expect, it } from 'vitest';
import { linkRecordsIntoTrace, linkRules, spanIdFromRecordUuid, traceIdFromCorrelationId } from '../link';
import { correlationId, demoConsumption, startMs, traceparentHeader, undecodableView } from '../link/trace-records.fixture';
import type { RecordView } from '../store/contract';
import type { RecordSpan } from './contract';
import { spansOfTrace } from './record-spans';
import { aRequest, aResponse, anEvent } from './unique-views.fixture';

function spansOf(records: RecordView[], options: Parameters<typeof linkRecordsIntoTrace>[2] = {}): Map<string, RecordSpan> {
  const trace = linkRecordsIntoTrace(records, demoConsumption, options);
  return new Map(spansOfTrace(trace, records).map((span) => [span.recordId, span]));
}

describe('spansOfTrace', () => {
  it('makes one span per record with ids from the correlation and the uuids, parents from exact and inferred edges', () => {
    const request = aRequest('orders', 'billing', 'ChargeCustomer', 0);
    const charged = anEvent('billing', 'CustomerCharged', 100);
    const refusal = aResponse(request, 300, { record: { ok: false, error_code: 402, error_message: 'card declined' } });
    const spans = spansOf([refusal, charged, request]);

    expect(new Set([...spans.values()].map((span) => span.spanId)).size).toBe(3);
    const traceId = traceIdFromCorrelationId(correlationId);
    const requestSpan = spans.get(request.id)!;
    expect(requestSpan).toMatchObject({ traceId, spanId: spanIdFromRecordUuid(request.record!.uuid), parentSpanId: null, serviceName: 'orders' });
    expect(spans.get(charged.id)).toMatchObject({ traceId, parentSpanId: requestSpan.spanId, serviceName: 'billing', links: [] });
    expect(spans.get(charged.id)!.attributes).toMatchObject({ 'eventy.edge': 'inferred', 'eventy.edge_rule': linkRules.requestHandled });
    expect(spans.get(refusal.id)).toMatchObject({
      parentSpanId: requestSpan.spanId,
      status: { code: 'error', message: 'response not ok (code 402): card declined' },
    });
    expect(spans.get(refusal.id)!.attributes).toMatchObject({
      'eventy.kind': 'response',
      'eventy.ok': false,
      'eventy.edge': 'exact',
      'eventy.edge_rule': linkRules.requestUuid,
      'eventy.request_uuid': request.record!.uuid,
      'eventy.destination': 'urn:orders',
      'eventy.error_code': 402,
    });
    expect(requestSpan.status).toEqual({ code: 'unset' });
  });

  it('describes the Kafka message after the messaging conventions', () => {
    const event = { ...anEvent('orders', 'OrderPlaced', 0), key: 'order-1042', partition: 2, offset: 17, id: 'orders-events:2:17' };
    const span = spansOf([event]).get(event.id)!;
    expect(span.name).toBe('event OrderPlaced');
    expect(span.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.operation.type': 'send',
      'messaging.destination.name': 'orders-events',
      'messaging.destination.partition.id': '2',
      'messaging.kafka.offset': 17,
      'messaging.kafka.message.key': 'order-1042',
      'messaging.message.id': event.record!.uuid,
      'eventy.name': 'OrderPlaced',
      'eventy.namespace': 'urn:orders',
      'eventy.source': 'urn:orders',
      'eventy.correlation_id': correlationId,
      'eventy.edge': 'root',
    });
  });

  it('starts at the record date and ends when the next service reacted', () => {
    const dated = { date_iso8601: '2024-01-15T10:29:59.500000+00:00' };
    const request = aRequest('orders', 'billing', 'ChargeCustomer', 0, { record: dated });
    const response = aResponse(request, 250);
    const spans = spansOf([request, response]);
    const requestStart = Date.parse('2024-01-15T10:29:59.500Z');
    expect(spans.get(request.id)).toMatchObject({ startMs: requestStart, endMs: requestStart + 250 });
    // no date on the record: its Kafka timestamp, and nothing reacted to it
    expect(spans.get(response.id)).toMatchObject({ startMs: startMs + 250, endMs: startMs + 250 });
  });

  it("keeps a traceparent's trace id and hangs the span under the service's own span, linking the causal parent", () => {
    const serviceTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const serviceSpan = '00f067aa0ba902b7';
    const request = aRequest('orders', 'billing', 'ChargeCustomer', 0);
    const charged = anEvent('billing', 'CustomerCharged', 50, { headers: [traceparentHeader(serviceTrace, serviceSpan)] });
    const spans = spansOf([request, charged]);
    const span = spans.get(charged.id)!;
    expect(span).toMatchObject({ traceId: serviceTrace, spanId: spanIdFromRecordUuid(charged.record!.uuid), parentSpanId: serviceSpan });
    expect(span.links).toEqual([
      expect.objectContaining({ spanId: spans.get(request.id)!.spanId, attributes: expect.objectContaining({ 'eventy.edge': 'inferred' }) as unknown }),
    ]);
  });

  it('gives responses to a missing request the span that request would have', () => {
    const absent = aRequest('orders', 'billing', 'ChargeCustomer', 0);
    const first = aResponse(absent, 10);
    const retry = aResponse(absent, 20);
    const spans = spansOf([first, retry]);
    const expected = spanIdFromRecordUuid(absent.record!.uuid);
    expect(spans.get(first.id)).toMatchObject({ parentSpanId: expected, attributes: expect.objectContaining({ 'eventy.edge': 'orphan' }) as unknown });
    expect(spans.get(retry.id)!.parentSpanId).toBe(expected);
  });

  it('marks an undecodable record as an error span named after its topic', () => {
    const broken = undecodableView('orders-events', 0, 'not JSON');
    const trace = linkRecordsIntoTrace([broken], demoConsumption, { correlationId: `undecodable:${broken.id}` });
    const [span] = spansOfTrace(trace, [broken]);
    expect(span).toMatchObject({
      spanId: spanIdFromRecordUuid(broken.id),
      traceId: traceIdFromCorrelationId(`undecodable:${broken.id}`),
      name: 'undecodable orders-events',
      status: { code: 'error', message: 'undecodable: not JSON' },
      serviceName: 'orders',
    });
    expect(span!.attributes).toMatchObject({ 'eventy.undecodable_reason': 'not JSON', 'eventy.kind': 'undecodable' });
    expect(span!.attributes).not.toHaveProperty('messaging.message.id');
  });

  it('exports every member of a collapsed group under the group parent', () => {
    const placed = anEvent('orders', 'OrderPlaced', 0);
    const notes = [1, 2, 3].map((at) => anEvent('shipping', 'ParcelLabelled', at * 10));
    const spans = spansOf([placed, ...notes], { collapseAbove: 2 });
    expect(spans.size).toBe(4);
    for (const note of notes) expect(spans.get(note.id)!.parentSpanId).toBe(spans.get(placed.id)!.spanId);
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encoded, testEvent, testRequest, testResponse } from '../../testing/eventy-records';
import { commitOffsetsWithKafkaTool, createTopics, produce, testConfig, testKafka, uniquePrefix, waitFor } from '../../testing/kafka-fixtures';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../../testing/otlp-receiver';
import { formatEventyDateIso } from '../decode';
import type { EventyRecord } from '../decode/contract';
import { closeSharedAdmin, type OutgoingMessage } from '../kafka';
import { linkRules, spanIdFromRecordUuid, traceIdFromCorrelationId } from '../link';
import { closeLensRuntime, createLensRuntime, type LensRuntime } from '../runtime/create-runtime';

const prefix = uniquePrefix('otel');
const kafka = testKafka();
const [orders, billing, shipping, warehouse] = ['orders', 'billing', 'shipping', 'warehouse'].map((s) => `${prefix}${s}`) as [string, string, string, string];
const topics = {
  billingRequests: `${billing}-requests`,
  billingResponses: `${billing}-responses`,
  billingEvents: `${billing}-events`,
  warehouseRequests: `${warehouse}-requests`,
  warehouseResponses: `${warehouse}-responses`,
  ordersEvents: `${orders}-events`,
};
const correlationId = `${orders}:POST_/api/orders:${randomUUID()}`;
const base = Date.now() - 60_000;
const at = (ms: number) => ({ correlation_id: correlationId, date_timestamp: base + ms, date_iso8601: formatEventyDateIso(base + ms) });

// orders asks billing to charge; billing answers and announces the charge; shipping, reading that event, asks the
// warehouse to reserve stock, which refuses. URNs follow the topics, so the default service naming applies.
const charge = testRequest({ ...at(0), namespace: `urn:${billing}`, source: `urn:${orders}`, name: 'ChargeCustomer', partition_key: 'cus-77' });
const charged = testEvent({ ...at(100), namespace: `urn:${billing}`, source: `urn:${billing}`, name: 'CustomerCharged' });
const chargeResult = testResponse(charge, { ...at(150) });
const reserve = testRequest({ ...at(200), namespace: `urn:${warehouse}`, source: `urn:${shipping}`, name: 'ReserveStock' });
const refusal = testResponse(reserve, { ...at(300), ok: false, error_code: 409, error_message: 'out of stock' });
// another service traced itself and put its W3C context on the record
const serviceTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const serviceSpanId = '00f067aa0ba902b7';
const traced = testEvent({ namespace: `urn:${orders}`, source: `urn:${orders}`, name: 'OrderPlaced', date_timestamp: base, date_iso8601: formatEventyDateIso(base) });

const message = (record: EventyRecord, headers?: Record<string, string>): OutgoingMessage => ({
  ...encoded(record),
  timestamp: record.date_timestamp!,
  ...(headers ? { headers } : {}),
});

let receiver: OtlpReceiver;
let runtime: LensRuntime | undefined;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  // the first export is refused: the exporter must retry it
  receiver.refuseNext(1, 500);
  await createTopics(kafka, Object.values(topics), 1);
  await produce(kafka, topics.billingRequests, [message(charge)]);
  await produce(kafka, topics.billingEvents, [message(charged)]);
  await produce(kafka, topics.billingResponses, [message(chargeResult)]);
  await produce(kafka, topics.warehouseRequests, [message(reserve)]);
  await produce(kafka, topics.warehouseResponses, [message(refusal)]);
  await produce(kafka, topics.ordersEvents, [message(traced, { traceparent: `00-${serviceTraceId}-${serviceSpanId}-01` }), { key: null, value: 'not eventy', timestamp: base }]);
  // who reads what, as the services' consumer groups would have committed it
  await commitOffsetsWithKafkaTool(billing, [{ topic: topics.billingRequests, partition: 0, offset: 1 }]);
  await commitOffsetsWithKafkaTool(shipping, [{ topic: topics.billingEvents, partition: 0, offset: 1 }]);
  const config = testConfig({
    LENS_TOPICS: `^${prefix}`,
    LENS_GROUP_ID: `${prefix}lens`,
    LENS_TOPIC_REFRESH_MS: '1000',
    LENS_OTEL_SETTLE_MS: '2000',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_HEADERS: 'x-lens-test=s3cret%20token',
  });
  runtime = createLensRuntime(config);
  runtime.collector.start();
  await waitFor(() => receiver.spans.length >= 7, 'seven spans at the receiver', 90_000, 250);
});

afterAll(async () => {
  // the runtime's last flush may still read consumer groups through the shared admin
  if (runtime) await closeLensRuntime(runtime);
  await closeSharedAdmin();
  await receiver.close();
  const admin = await kafka.connectAdmin();
  await admin.deleteGroups([billing, shipping, `${prefix}lens`]).catch(() => undefined);
  await admin.deleteTopics(Object.values(topics)).catch(() => undefined);
  await admin.close();
});

const spanOf = (record: EventyRecord): ReceivedSpan => {
  const found = receiver.spans.filter((span) => span.spanId === spanIdFromRecordUuid(record.uuid));
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('span export against the real broker and a real OTLP receiver', () => {
  it('sends every record once, as a producer span of its service, with the configured headers, after a retry', () => {
    expect(receiver.spans).toHaveLength(7);
    expect(new Set(receiver.spans.map((span) => span.spanId)).size).toBe(7);
    expect(receiver.requests[0]?.status).toBe(500);
    expect(receiver.requests.at(-1)).toMatchObject({ status: 200, headers: { 'x-lens-test': 's3cret token' } });
    expect(spanOf(charge)).toMatchObject({ serviceName: orders, kind: 'SPAN_KIND_PRODUCER', name: 'request ChargeCustomer' });
    expect(spanOf(refusal).serviceName).toBe(warehouse);
  });

  it('puts the flow in the trace named by its correlation id, parents from exact and inferred edges', () => {
    const traceId = traceIdFromCorrelationId(correlationId);
    for (const record of [charge, charged, chargeResult, reserve, refusal]) expect(spanOf(record).traceId).toBe(traceId);
    expect(spanOf(charge).parentSpanId).toBeNull();
    expect(spanOf(chargeResult)).toMatchObject({ parentSpanId: spanOf(charge).spanId, attributes: { 'eventy.edge': 'exact', 'eventy.edge_rule': linkRules.requestUuid } });
    expect(spanOf(charged)).toMatchObject({ parentSpanId: spanOf(charge).spanId, attributes: { 'eventy.edge': 'inferred', 'eventy.edge_rule': linkRules.requestHandled } });
    expect(spanOf(reserve)).toMatchObject({ parentSpanId: spanOf(charged).spanId, attributes: { 'eventy.edge': 'inferred', 'eventy.edge_rule': linkRules.eventConsumed } });
    expect(spanOf(refusal)).toMatchObject({ parentSpanId: spanOf(reserve).spanId, attributes: { 'eventy.edge': 'exact' } });
  });

  it('describes each record after the messaging conventions and the eventy attributes', () => {
    expect(spanOf(charge).attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.operation.type': 'send',
      'messaging.destination.name': topics.billingRequests,
      'messaging.destination.partition.id': '0',
      'messaging.kafka.offset': 0,
      'messaging.kafka.message.key': 'cus-77',
      'messaging.message.id': charge.uuid,
      'eventy.kind': 'request',
      'eventy.name': 'ChargeCustomer',
      'eventy.namespace': `urn:${billing}`,
      'eventy.source': `urn:${orders}`,
      'eventy.correlation_id': correlationId,
      'eventy.edge': 'root',
    });
    expect(spanOf(refusal).attributes).toMatchObject({
      'eventy.kind': 'response',
      'eventy.destination': `urn:${shipping}`,
      'eventy.request_uuid': reserve.uuid,
      'eventy.ok': false,
      'eventy.error_code': 409,
    });
  });

  it('times spans from the record date to the reaction, and marks the refusal as an error', () => {
    // the request lasts until its response; the event until shipping's request
    expect(spanOf(charge)).toMatchObject({ startMs: base, endMs: base + 150 });
    expect(spanOf(charged)).toMatchObject({ startMs: base + 100, endMs: base + 200 });
    expect(spanOf(refusal)).toMatchObject({ startMs: base + 300, endMs: base + 300, status: { code: 'STATUS_CODE_ERROR', message: 'response not ok (code 409): out of stock' } });
    expect(spanOf(reserve).status.code).toBe('STATUS_CODE_UNSET');
  });

  it("joins a service's own trace through its traceparent header, and exports undecodable records as errors", () => {
    expect(spanOf(traced)).toMatchObject({ traceId: serviceTraceId, parentSpanId: serviceSpanId });
    const broken = receiver.spans.find((span) => span.attributes['eventy.kind'] === 'undecodable');
    expect(broken).toMatchObject({
      traceId: traceIdFromCorrelationId(`undecodable:${topics.ordersEvents}:0:1`),
      status: { code: 'STATUS_CODE_ERROR' },
      attributes: { 'messaging.destination.name': topics.ordersEvents, 'messaging.kafka.offset': 1 },
    });
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encoded, testEvent, testRequest, testResponse } from '../../testing/eventy-records';
import { createTopics, produce, testConfig, testKafka, uniquePrefix, waitFor } from '../../testing/kafka-fixtures';
import { closeSharedAdmin } from '../kafka';
import { closeLensRuntime, createLensRuntime, type LensRuntime } from '../runtime/create-runtime';
import { traceListQuerySchema } from '../store/contract';
import { listTraces } from './list-traces';
import { readTrace } from './read-trace';

const prefix = uniquePrefix('tracelist');
const config = testConfig({ LENS_TOPICS: `^${prefix}`, LENS_GROUP_ID: `${prefix}lens`, LENS_TOPIC_REFRESH_MS: '1000' });
const kafka = testKafka();
const [eventsTopic, requestsTopic, responsesTopic] = ['orders-events', 'billing-requests', 'billing-responses'].map((t) => `${prefix}${t}`) as [string, string, string];
const [orders, billing] = [`${prefix}orders`, `${prefix}billing`];
const failedId = `${orders}:POST_/api/orders:${randomUUID()}`;
const okId = `${orders}:POST_/api/orders:${randomUUID()}`;

const placed = testEvent({ namespace: `urn:${orders}`, source: `urn:${orders}`, correlation_id: failedId, name: 'OrderPlaced' });
const charge = testRequest({ namespace: `urn:${billing}`, source: `urn:${orders}`, correlation_id: failedId });
const declined = testResponse(charge, { ok: false, error_code: 402, error_message: 'card declined' });
const other = testEvent({ namespace: `urn:${orders}`, source: `urn:${orders}`, correlation_id: okId, name: 'OrderViewed' });

let runtime: LensRuntime;

const list = (params: Record<string, string>) => listTraces(runtime.store, traceListQuerySchema.parse(params));

beforeAll(async () => {
  await createTopics(kafka, [eventsTopic, requestsTopic, responsesTopic], 1);
  await produce(kafka, eventsTopic, [encoded(placed)]);
  await produce(kafka, requestsTopic, [encoded(charge)]);
  await produce(kafka, responsesTopic, [encoded(declined)]);
  await produce(kafka, eventsTopic, [encoded(other)]);
  runtime = createLensRuntime(config);
  runtime.collector.start();
  await waitFor(async () => (await runtime.store.queryRecords({ topic: eventsTopic, limit: 10 })).items.length === 2 && (await runtime.store.queryRecords({ topic: responsesTopic, limit: 10 })).items.length === 1, 'the flows stored', 60_000, 250);
});

afterAll(async () => {
  await closeSharedAdmin();
  if (runtime) await closeLensRuntime(runtime);
  const admin = await kafka.connectAdmin();
  await admin.deleteGroups([config.collector.groupId]).catch(() => undefined);
  await admin.deleteTopics([eventsTopic, requestsTopic, responsesTopic]).catch(() => undefined);
  await admin.close();
});

describe('GET /api/traces logic against records collected from the broker', () => {
  it('lists both traces newest first, the failed one marked, with the trace id readTrace gives', async () => {
    const page = await list({ service: orders });
    expect(page.items.map((item) => item.correlationId)).toEqual([okId, failedId]);
    const failed = page.items[1]!;
    expect(failed).toMatchObject({ status: 'error', recordCount: 3, rootName: 'OrderPlaced', services: [billing, orders].sort() });
    const trace = await readTrace({ store: runtime.store, kafka: runtime.kafka, collectorGroupId: config.collector.groupId }, failedId);
    if (!trace.found) throw new Error(trace.reason);
    expect(failed).toMatchObject({ traceId: trace.trace.traceId, startedAt: trace.trace.startedAt, durationMs: trace.trace.durationMs, status: trace.trace.status });
  });

  it('filters by status and service, and pages with the cursor', async () => {
    expect((await list({ service: `urn:${orders}`, status: 'error' })).items.map((item) => item.correlationId)).toEqual([failedId]);
    expect((await list({ service: billing, status: 'ok' })).items).toEqual([]);
    const first = await list({ service: orders, limit: '1' });
    expect(first.items.map((item) => item.correlationId)).toEqual([okId]);
    const second = await list({ service: orders, limit: '1', cursor: first.nextCursor! });
    expect(second).toMatchObject({ items: [{ correlationId: failedId }], nextCursor: null });
  });

  it('gives every reason for invalid parameters', () => {
    const parsed = traceListQuerySchema.safeParse({ status: 'broken', minDurationMs: '-1', limit: '0', bogus: 'x' });
    expect(parsed.success).toBe(false);
    const paths = parsed.error?.issues.map((issue) => issue.path.join('.') || issue.code);
    expect(paths).toEqual(expect.arrayContaining(['status', 'minDurationMs', 'limit', 'unrecognized_keys']));
    expect(traceListQuerySchema.safeParse({ from: '2024-02-01T00:00:00Z', to: '2024-01-01T00:00:00Z' }).error?.issues[0]?.path).toEqual(['from']);
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encoded, testEvent, testRequest, testResponse } from '../../testing/eventy-records';
import { commitOffsetsWithKafkaTool, createTopics, produce, testConfig, testKafka, uniquePrefix, waitFor } from '../../testing/kafka-fixtures';
import { lensHeaders } from '../deadletters/contract';
import { closeSharedAdmin } from '../kafka';
import type { TraceNode, TraceRecordNode } from '../link';
import { closeLensRuntime, createLensRuntime, type LensRuntime } from '../runtime/create-runtime';
import { readTrace, type ReadTraceDeps } from './read-trace';

const prefix = uniquePrefix('traces');
const config = testConfig({ LENS_TOPICS: `^${prefix}`, LENS_GROUP_ID: `${prefix}lens`, LENS_TOPIC_REFRESH_MS: '1000' });
const kafka = testKafka();
const [eventsTopic, requestsTopic, responsesTopic] = ['orders-events', 'billing-requests', 'billing-responses'].map((t) => `${prefix}${t}`) as [string, string, string];
const [orders, billing] = [`${prefix}orders`, `${prefix}billing`];
const correlationId = `${orders}:POST_/api/orders:${randomUUID()}`;

// URNs follow the topics' service names, so the default naming (`urn:<service>`, `<service>-requests`) applies
const event = testEvent({ namespace: `urn:${orders}`, source: `urn:${orders}`, correlation_id: correlationId });
const request = testRequest({ namespace: `urn:${billing}`, source: `urn:${orders}`, correlation_id: correlationId });
const errorResponse = testResponse(request, { ok: false, error_code: 402, error_message: 'card declined' });

let runtime: LensRuntime;
let deps: ReadTraceDeps;

function findRecord(nodes: readonly TraceNode[], id: string): { node: TraceRecordNode; parent: TraceRecordNode | null } | null {
  for (const node of nodes) {
    if (node.type !== 'record') continue;
    if (node.id === id) return { node, parent: null };
    const below = findRecord(node.children, id);
    if (below) return { node: below.node, parent: below.parent ?? node };
  }
  return null;
}

beforeAll(async () => {
  await createTopics(kafka, [eventsTopic, requestsTopic, responsesTopic], 1);
  await produce(kafka, eventsTopic, [encoded(event)]);
  await produce(kafka, requestsTopic, [encoded(request)]);
  await produce(kafka, responsesTopic, [encoded(errorResponse)]);
  await commitOffsetsWithKafkaTool(billing, [{ topic: requestsTopic, partition: 0, offset: 1 }]);
  runtime = createLensRuntime(config);
  runtime.collector.start();
  deps = { store: runtime.store, kafka: runtime.kafka, collectorGroupId: config.collector.groupId };
  await waitFor(async () => (await runtime.store.queryRecords({ correlationId, limit: 10 })).items.length === 3, 'the flow stored', 60_000, 250);
});

afterAll(async () => {
  await closeSharedAdmin();
  if (runtime) await closeLensRuntime(runtime);
  const admin = await kafka.connectAdmin();
  await admin.deleteGroups([billing, config.collector.groupId]).catch(() => undefined);
  await admin.deleteTopics([eventsTopic, requestsTopic, responsesTopic, `${requestsTopic}.dlq`]).catch(() => undefined);
  await admin.close();
});

describe('readTrace against the real broker', () => {
  it('hangs the error response under its request and marks the trace failed', async () => {
    const result = await readTrace(deps, correlationId);
    if (!result.found) throw new Error(result.reason);
    const { trace } = result;
    expect(trace).toMatchObject({ correlationId, status: 'error', recordCount: 3, truncated: false, consumptionKnown: true });
    expect(trace.services).toEqual(expect.arrayContaining([orders, billing]));
    const response = findRecord(trace.roots, `${responsesTopic}:0:0`);
    expect(response?.node).toMatchObject({ kind: 'response', edge: 'exact', service: billing, error: expect.any(String) as string });
    expect(response?.parent?.id).toBe(`${requestsTopic}:0:0`);
  });

  it('says when the record cap cut the trace', async () => {
    const result = await readTrace(deps, correlationId, { maxRecords: 2 });
    expect(result).toMatchObject({ found: true, trace: { recordCount: 2, truncated: true } });
  });

  it('answers from stored records alone when the broker is unreachable', async () => {
    await closeSharedAdmin();
    const unreachable = { connectAdmin: () => Promise.reject(new Error('broker unreachable')) };
    const result = await readTrace({ ...deps, kafka: unreachable }, correlationId);
    expect(result).toMatchObject({ found: true, trace: { recordCount: 3, consumptionKnown: false } });
  });

  it('does not find an unknown correlation id', async () => {
    const result = await readTrace(deps, `${prefix}nobody:${randomUUID()}`);
    expect(result).toEqual({ found: false, reason: expect.stringContaining('no stored record') as string });
  });

  it('marks a record whose copy was dead-lettered as a failed hop, with the reason the dead letter gives', async () => {
    const dlqTopic = `${requestsTopic}.dlq`;
    await createTopics(kafka, [dlqTopic], 1);
    const headers = {
      [lensHeaders.originalTopic]: requestsTopic,
      [lensHeaders.originalPartition]: '0',
      [lensHeaders.originalOffset]: '0',
      [lensHeaders.errorClass]: 'eventy-lens.Parked',
      [lensHeaders.errorMessage]: 'billing stuck at offset 0',
    };
    await produce(kafka, dlqTopic, [{ ...encoded(request), partition: 0, headers }]);
    await waitFor(async () => (await runtime.store.queryDeadLetters({ correlationId, limit: 10 })).items.length === 1, 'the dead letter stored', 60_000, 250);
    const result = await readTrace(deps, correlationId);
    if (!result.found) throw new Error(result.reason);
    const requestNode = findRecord(result.trace.roots, `${requestsTopic}:0:0`)?.node;
    expect(requestNode).toMatchObject({ error: `dead-lettered: eventy-lens.Parked: billing stuck at offset 0 (on ${dlqTopic})`, duplicateIds: [`${dlqTopic}:0:0`] });
    expect(result.trace.recordCount).toBe(3);
  });
});

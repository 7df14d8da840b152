import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeLensRuntime, createLensRuntime, type LensRuntime } from '../runtime/create-runtime';
import type { RecordStore } from '../store/contract';
import { createTopics, produce, testConfig, testKafka, uniquePrefix, waitFor } from '../../testing/kafka-fixtures';
import { encoded, testEvent, testRequest, testResponse } from '../../testing/eventy-records';
import type { Collector } from './collector';

const prefix = uniquePrefix('collector');
const config = testConfig({ LENS_TOPICS: `^${prefix}`, LENS_GROUP_ID: `${prefix}lens`, LENS_TOPIC_REFRESH_MS: '1000' });
const kafka = testKafka();
const eventsTopic = `${prefix}orders-events`;
const requestsTopic = `${prefix}billing-requests`;
const responsesTopic = `${prefix}billing-responses`;

const event = testEvent({
  partition_key: 'order-1042',
  context: { 'urn:orders': { user_id: 'u-981' } },
  data: { order_id: 'order-1042', lines: [{ sku: 'sku-1', note: 'deepneedleword café' }], total_cents: 4599 },
});
const request = testRequest({ partition_key: 'cus-77', correlation_id: event.correlation_id, data: { amount_cents: 4599 } });
const okResponse = testResponse(request, { data: { charge_id: 'ch-5531' } });
const errorResponse = testResponse(request, { ok: false, error_code: 402, error_message: 'card declined' });

const malformed: { label: string; value: Buffer | null; reason: RegExp }[] = [
  { label: 'invalid JSON', value: Buffer.from('{"type": "EVENT", '), reason: /json/i },
  { label: 'JSON that is not an Eventy record', value: Buffer.from('{"hello": "world"}'), reason: /type|eventy/i },
  { label: 'invalid UTF-8', value: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), reason: /utf-8/i },
  { label: 'empty value', value: Buffer.alloc(0), reason: /empty/i },
  { label: 'tombstone', value: null, reason: /tombstone/i },
  { label: '5 MB payload', value: Buffer.alloc(5 * 1024 * 1024, 0x41), reason: /.+/ },
];

let runtime: LensRuntime;
let store: RecordStore;
let collector: Collector;

beforeAll(async () => {
  await createTopics(kafka, [eventsTopic, requestsTopic, responsesTopic]);
  await produce(kafka, eventsTopic, [encoded(event)]);
  await produce(kafka, requestsTopic, [encoded(request)]);
  await produce(kafka, responsesTopic, [encoded(okResponse), encoded(errorResponse)]);
  await produce(kafka, eventsTopic, malformed.map((m) => ({ key: m.label, value: m.value, headers: { 'x-test': m.label } })), 1);
  runtime = createLensRuntime(config);
  ({ store, collector } = runtime);
  collector.start();
  await waitFor(async () => (await store.stats()).recordCount === 4 + malformed.length, 'all records stored');
});

afterAll(async () => {
  await closeLensRuntime(runtime);
});

describe('collector against a real broker', () => {
  it('stores every field of each record kind exactly', async () => {
    for (const [topic, record] of [
      [eventsTopic, event],
      [requestsTopic, request],
      [responsesTopic, okResponse],
      [responsesTopic, errorResponse],
    ] as const) {
      const page = await store.queryRecords({ uuid: record.uuid, limit: 5 });
      expect(page.items).toHaveLength(1);
      const view = page.items[0]!;
      expect(view.topic).toBe(topic);
      expect(view.kind).toBe(record.type.toLowerCase());
      expect(view.key).toBe(record.partition_key);
      expect(view.record).toEqual(record);
    }
  });

  it('keeps malformed values as undecodable with a reason, the raw bytes and the headers', async () => {
    const page = await store.queryRecords({ kind: 'undecodable', topic: eventsTopic, limit: 50 });
    expect(page.items).toHaveLength(malformed.length);
    for (const m of malformed) {
      const view = page.items.find((v) => v.key === m.label);
      expect(view, m.label).toBeDefined();
      expect(view!.error).toMatch(m.reason);
      expect(view!.headers).toEqual([{ key: 'x-test', value: m.label, encoding: 'utf8' }]);
      expect(view!.size).toBe(m.value?.length ?? 0);
      const raw = await store.getRawValue(view!.id);
      if (m.value && m.value.length < 1024 * 1024) expect(raw!.bytes.equals(m.value)).toBe(true);
    }
  });

  it('commits offsets only up to what is stored', async () => {
    const admin = await kafka.connectAdmin();
    try {
      for (const topic of [eventsTopic, requestsTopic, responsesTopic]) {
        const ends = await admin.fetchTopicOffsets(topic);
        const highOf = (partition: number) => ends.find((e) => e.partition === partition)?.high ?? 0;
        const committed = await waitFor(async () => {
          const offsets = await admin.fetchCommittedOffsets(config.collector.groupId, [topic]);
          const caughtUp = offsets.every((c) => (c.offset ?? 0) === highOf(c.partition));
          return caughtUp ? offsets : null;
        }, `commits on ${topic}`);
        expect(committed.length).toBe(ends.length);
      }
    } finally {
      await admin.close();
    }
  });

  it('picks up a topic created after start', async () => {
    const lateTopic = `${prefix}shipping-events`;
    await createTopics(kafka, [lateTopic], 1);
    const late = testEvent({ namespace: 'urn:shipping', source: 'urn:shipping', name: 'ParcelShipped' });
    await produce(kafka, lateTopic, [encoded(late)]);
    const found = await waitFor(async () => (await store.queryRecords({ uuid: late.uuid, limit: 1 })).items[0], 'the late topic record', 30_000, 250);
    expect(found?.topic).toBe(lateTopic);
    expect(collector.status().topics).toContain(lateTopic);
  });

  it('never re-creates a topic deleted under it (the broker auto-creates topics a client asks for)', async () => {
    const doomed = `${prefix}doomed-events`;
    await createTopics(kafka, [doomed], 1);
    await produce(kafka, doomed, [encoded(testEvent({ name: 'SoonGone' }))]);
    await waitFor(async () => (await store.queryRecords({ topic: doomed, limit: 1 })).items.length === 1, 'the doomed topic stored', 30_000, 250);
    const admin = await kafka.connectAdmin();
    try {
      await admin.deleteTopics([doomed]);
      await waitFor(() => !collector.status().topics.includes(doomed), 'the collector to drop the deleted topic', 30_000, 250);
      // a consumer still fetching the topic would ask for its metadata, and the broker would create it again
      const cameBack = await waitFor(async () => (await admin.listTopics()).includes(doomed), 'the deleted topic to come back', 15_000, 500).catch(() => false);
      expect(cameBack).toBe(false);
    } finally {
      await admin.deleteTopics([doomed]).catch(() => undefined);
      await admin.close();
    }
  });

  it('reports its state and positions', () => {
    const status = collector.status();
    expect(status.state).toBe('connected');
    expect(status.partitions.length).toBeGreaterThan(0);
    expect(status.recordsIngested).toBeGreaterThanOrEqual(4 + malformed.length);
  });
});

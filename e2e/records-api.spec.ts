import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { createTopics, produce, testKafka } from '../testing/kafka-fixtures';
import { encoded, testEvent } from '../testing/eventy-records';
import type { RecordPage, RecordView } from '../server/store/contract';
import type { Health } from '../server/runtime/health';

interface Rejection {
  issues: { path: unknown[]; message: string }[];
}

const topic = `e2e-${randomBytes(4).toString('hex')}-billing-events`;
const records = Array.from({ length: 7 }, (_, i) => testEvent({ namespace: 'urn:billing', source: 'urn:billing', name: 'PaymentCaptured', data: { seq: i } }));

test.beforeAll(async () => {
  const kafka = testKafka();
  await createTopics(kafka, [topic], 1);
  await produce(kafka, topic, records.map(encoded));
});

test.describe('records API', () => {
  test('lists, filters and pages through stored records', async ({ request }) => {
    await expect(async () => {
      const page = (await (await request.get(`/api/records?topic=${topic}&limit=500`)).json()) as RecordPage;
      expect(page.items).toHaveLength(records.length);
    }).toPass({ timeout: 30_000 });

    const first = (await (await request.get(`/api/records?topic=${topic}&limit=4`)).json()) as RecordPage;
    expect(first.items).toHaveLength(4);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await (await request.get(`/api/records?topic=${topic}&limit=4&cursor=${encodeURIComponent(first.nextCursor!)}`)).json()) as RecordPage;
    expect(second.items).toHaveLength(3);
    expect(second.nextCursor).toBeNull();

    const one = records[3]!;
    const byCorrelation = (await (await request.get(`/api/records?correlationId=${encodeURIComponent(one.correlation_id)}`)).json()) as RecordPage;
    expect(byCorrelation.items.map((r) => r.record?.uuid)).toEqual([one.uuid]);

    const detail = await request.get(`/api/records/${byCorrelation.items[0]!.id}`);
    expect(detail.status()).toBe(200);
    expect(((await detail.json()) as RecordView).record).toEqual(one);
  });

  for (const [query, field] of [
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['kind=bogus', 'kind'],
    ['from=yesterday', 'from'],
    ['cursor=not-a-cursor', 'cursor'],
    ['unknown=1', ''],
    ['topic=a&topic=b', 'topic'],
  ]) {
    test(`rejects ${query} with 422 and the reason`, async ({ request }) => {
      const response = await request.get(`/api/records?${query}`);
      expect(response.status()).toBe(422);
      const body = (await response.json()) as Rejection;
      expect(body.issues.length).toBeGreaterThan(0);
      if (field) expect(JSON.stringify(body.issues)).toContain(field);
    });
  }

  test('answers 422 for a malformed id and 404 for an unknown one', async ({ request }) => {
    expect((await request.get('/api/records/not-an-id')).status()).toBe(422);
    expect((await request.get(`/api/records/${topic}:0:999999`)).status()).toBe(404);
  });

  test('reports health: broker, collector, store', async ({ request }) => {
    const health = (await (await request.get('/api/health')).json()) as Health;
    expect(health.broker.reachable).toBe(true);
    expect(health.collector.state).toBe('connected');
    expect(health.store.recordCount).toBeGreaterThan(0);
    expect(health.collector.partitions.length).toBeGreaterThan(0);
  });
});

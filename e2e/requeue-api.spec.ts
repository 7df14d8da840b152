import { expect, test } from '@playwright/test';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AuditEntry } from '../server/audit/contract';
import type { JobView, RequeueAnswer } from '../server/deadletters/contract';
import type { RecordView } from '../server/store/contract';
import { encoded, testEvent } from '../testing/eventy-records';
import { createTopics, produce, testKafka } from '../testing/kafka-fixtures';

const p = `e2e-${randomBytes(4).toString('hex')}-`;
const original = `${p}payments-events`;
const dlq = `${original}.dlq`;
const ids = [0, 1, 2].map((o) => `${dlq}:0:${o}`);
const requeueUrl = (id: string) => `/api/dead-letters/${encodeURIComponent(id)}/requeue`;

test.beforeAll(async ({ request }) => {
  test.setTimeout(120_000);
  const kafka = testKafka();
  await createTopics(kafka, [original, dlq], 1);
  await produce(kafka, dlq, [0, 1, 2].map((i) => ({ ...encoded(testEvent({ data: { i } })), headers: { 'eventy-lens-original-topic': original, 'kafka_dlt-exception-message': 'boom' } })));
  await expect(async () => {
    const response = await request.get(`/api/records?topic=${encodeURIComponent(dlq)}`);
    expect(((await response.json()) as { items: unknown[] }).items).toHaveLength(3);
  }).toPass({ timeout: 60_000 });
});

test.afterAll(async () => {
  const admin = await testKafka().connectAdmin();
  await admin.deleteTopics([original, dlq]).finally(() => admin.close());
});

test('10 concurrent requeue requests for one dead letter send it once, each attempt audited', async ({ request }) => {
  const responses = await Promise.all(Array.from({ length: 10 }, () => request.post(requeueUrl(ids[0]!), { data: {} })));
  expect(responses.map((r) => r.status())).toEqual(Array(10).fill(200));
  const answers = (await Promise.all(responses.map((r) => r.json()))) as RequeueAnswer[];
  expect(answers.filter((a) => a.status === 'requeued')).toHaveLength(1);
  expect(new Set(answers.map((a) => a.target))).toEqual(new Set([`${original}:0:0`]));
  const audit = (await (await request.get(`/api/audit?action=dead-letter.requeue&target=${encodeURIComponent(ids[0]!)}`)).json()) as { items: AuditEntry[] };
  expect(audit.items.map((e) => e.result)).toEqual(Array(10).fill('ok'));
});

test('refusals answer their status with the reason, and are audited', async ({ request }) => {
  const unknown = await request.post(requeueUrl(`${dlq}:0:99`), { data: {} });
  expect(unknown.status()).toBe(404);
  const invalid = await request.post(requeueUrl(ids[1]!), { data: { value: '{"type": "EVENT"}' } });
  expect(invalid.status()).toBe(422);
  expect(JSON.stringify(await invalid.json())).toContain('missing field');
  const missingTopic = await request.post(requeueUrl(ids[1]!), { data: { topic: `${p}nowhere` } });
  expect(missingTopic.status()).toBe(422);
  const badBody = await request.post(requeueUrl(ids[1]!), { data: { topik: original } });
  expect(badBody.status()).toBe(422);
  const audit = (await (await request.get(`/api/audit?action=dead-letter.requeue&target=${encodeURIComponent(ids[1]!)}`)).json()) as { items: AuditEntry[] };
  expect(audit.items.map((e) => e.result)).toEqual(['refused', 'refused', 'refused']);
});

test('an edited value is requeued and its diff is audited', async ({ request }) => {
  const stored = (await (await request.get(`/api/records/${encodeURIComponent(ids[2]!)}`)).json()) as RecordView;
  const edited = { ...stored.record!, data: { i: 20 } };
  const response = await request.post(requeueUrl(ids[2]!), { data: { value: JSON.stringify(edited) } });
  expect(response.status()).toBe(200);
  const audit = (await (await request.get(`/api/audit?action=dead-letter.requeue&target=${encodeURIComponent(ids[2]!)}`)).json()) as { items: AuditEntry[] };
  expect(audit.items[0]).toMatchObject({ result: 'ok', details: { status: 'requeued', edited: true, diff: [{ path: 'data.i', before: 2, after: 20 }] } });
});

test('a bulk requeue answers 202 with a job that reaches done', async ({ request }) => {
  const started = await request.post('/api/dead-letters/requeue', { data: { ids: [ids[1], ids[2]] } });
  expect(started.status()).toBe(202);
  const { jobId } = (await started.json()) as { jobId: string };
  await expect(async () => {
    const job = (await (await request.get(`/api/jobs/${jobId}`)).json()) as JobView;
    expect(job).toMatchObject({ state: 'done', total: 2, done: 2 });
  }).toPass({ timeout: 30_000 });
  expect((await request.get(`/api/jobs/${randomUUID()}`)).status()).toBe(404);
});

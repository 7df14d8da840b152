import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import type { KafkaProducer } from '../server/kafka';
import type { ConsumerLag } from '../server/lag';
import { encoded, testEvent } from '../testing/eventy-records';
import { createTopics, testKafka, waitFor } from '../testing/kafka-fixtures';
import { LagPage } from './pages/lag-page';

// the e2e server samples lag every second and calls a partition stuck after 4 s (playwright.config.ts)
const prefix = `e2e-${randomBytes(4).toString('hex')}-lag-`;
const topic = `${prefix}orders-events`;
const groupId = `${prefix}billing`;
const kafka = testKafka();
const event = (seq: number) => encoded(testEvent({ name: 'OrderPlaced', data: { seq } }));
let producer: KafkaProducer;
let producing: NodeJS.Timeout | undefined;
let seq = 0;

test.beforeAll(async () => {
  await createTopics(kafka, [topic], 1);
  producer = await kafka.connectProducer();
  await producer.send(topic, [0, 1, 2, 3, 4].map(() => event(seq++)));
  // a real consumer takes the first five records, commits, and stops consuming
  const consumer = kafka.createBatchConsumer({ groupId, topics: [topic], fromBeginning: true, onBatch: () => Promise.resolve() });
  await consumer.start();
  const admin = await kafka.connectAdmin();
  try {
    await waitFor(async () => (await admin.fetchAllCommittedOffsets(groupId)).some((o) => o.offset === 5), 'the consumer to commit offset 5', 60_000, 250);
  } finally {
    await admin.close();
  }
  await consumer.stop();
  // while nobody consumes, records keep coming
  producing = setInterval(() => void producer.send(topic, [event(seq++)]).catch(() => undefined), 400);
});

test.afterAll(async () => {
  clearInterval(producing);
  await producer?.close();
  const admin = await kafka.connectAdmin();
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.close();
});

test('a group that stopped consuming shows as stuck and falling behind, with its lag in records and time', async ({ page }) => {
  const lag = new LagPage(page);
  await lag.open();
  const group = lag.group(groupId);
  await expect(group.row).toBeVisible({ timeout: 30_000 });
  await expect(group.fallingBehind).toBeVisible({ timeout: 30_000 });
  await expect(group.stuckCount).toHaveText('1 partition stuck', { timeout: 30_000 });
  await expect(group.catchUp).toHaveText('not catching up');
  await expect(group.lagRecords).not.toHaveText('0');
  await expect(group.lagSeconds).toHaveText(/^\d+ s$|min/);

  await group.expand();
  expect(page.url()).toContain(`expand=${groupId}`);
  const partition = group.partition(topic, 0);
  await expect(partition.getByTestId('stuck-badge')).toContainText('stuck at offset 5 since');
  await expect(partition.getByTestId('stuck-badge').getByRole('link', { name: '5' })).toHaveAttribute('href', `/records/${encodeURIComponent(`${topic}:0:5`)}`);
  await expect(partition.getByTestId('falling-behind-badge')).toBeVisible();
  await expect(partition.getByTestId('partition-lag-seconds')).not.toHaveText('unknown');

  await expect(group.chart.getByRole('img')).toHaveAttribute('data-samples', /^[1-9]\d*$/);
  await expect(group.chart.getByTestId('lag-history-records')).toBeAttached();
  await group.rangeLink('6h').click();
  await expect(page).toHaveURL(/range=6h/);
  await expect(group.rangeLink('6h')).toHaveAttribute('aria-current', 'true');
  await expect(group.chart.getByRole('img')).toBeVisible();
});

test('the lag API and the history API agree with the page', async ({ request }) => {
  await expect(async () => {
    const body = (await (await request.get(`/api/lag?group=${groupId}`)).json()) as ConsumerLag;
    expect(body.groups[0]?.partitions[0]).toMatchObject({ topic, committedOffset: 5, fallingBehind: true, stuckSince: expect.any(String) });
  }).toPass({ timeout: 30_000 });
  const history = await request.get(`/api/lag/${groupId}/history`);
  expect(history.status()).toBe(200);
  expect(((await history.json()) as { samples: unknown[] }).samples.length).toBeGreaterThan(0);
  const invalid = await request.get(`/api/lag/${groupId}/history?from=yesterday`);
  expect(invalid.status()).toBe(422);
  const unknown = await request.get(`/api/lag/${prefix}nobody/history`);
  expect(await unknown.json()).toMatchObject({ groupId: `${prefix}nobody`, samples: [] });
});

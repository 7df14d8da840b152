import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { startDemoConsumer, type DemoConsumerProcess } from '../testing/demo-consumer-process';
import { encoded, testEvent } from '../testing/eventy-records';
import { createTopics, produce, testKafka } from '../testing/kafka-fixtures';
import { LagPage } from './pages/lag-page';
import { ParkDialog } from './pages/park-dialog';

// the e2e server samples lag every second and calls a partition stuck after 4 s (playwright.config.ts)
const prefix = `e2e-${randomBytes(4).toString('hex')}-park-`;
const topic = `${prefix}orders-events`;
const dlqTopic = `${topic}.dlq`;
const groupId = `${prefix}audit-log`;
const kafka = testKafka();
const good = () => ({ ...encoded(testEvent({ name: 'OrderPlaced' })), partition: 0 });
let consumer: DemoConsumerProcess | undefined;

test.beforeAll(async () => {
  await createTopics(kafka, [topic], 1);
  await produce(kafka, topic, [good(), good(), { key: 'poison', value: Buffer.from('{"type": "EVENT", "na'), partition: 0 }, good(), good()]);
  // an eventy-like service that stops on the record at offset 2 and stays connected, like a wedged pod
  consumer = startDemoConsumer('eventy-stopping-consumer', { DEMO_CONSUMER_GROUP: groupId, DEMO_CONSUMER_TOPICS: topic, DEMO_CONSUMER_HOLD: 'true' });
  await consumer.waitForReport((r) => r.event === 'stopped' && r.offset === 2, 'the consumer to stop on the poison record');
});

test.afterAll(async () => {
  await consumer?.stop();
  const admin = await kafka.connectAdmin();
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.deleteTopics([topic, dlqTopic]).catch(() => undefined);
  await admin.close();
});

test('an operator parks the poison record of a stuck partition once the service is stopped, then undoes it', async ({ page }) => {
  // several round trips through Kafka's group coordinator (each offset move joins the group once)
  test.setTimeout(120_000);
  const lag = new LagPage(page);
  await lag.open();
  const group = lag.group(groupId);
  await expect(group.stuckCount).toHaveText('1 partition stuck', { timeout: 30_000 });
  await group.expand();
  const partition = group.partition(topic, 0);
  const park = new ParkDialog(partition, groupId, topic, 0);

  await park.openButton.click();
  await expect(park.dialog).toBeVisible();
  await expect(park.recordLink).toHaveText('2');
  await expect(park.recordLink).toHaveAttribute('href', `/records/${encodeURIComponent(`${topic}:0:2`)}`);
  await expect(park.dialog).toContainText(dlqTopic);
  await expect(park.dialog.getByTestId('park-record-hint')).toHaveAttribute('data-decodes', 'false');

  // the service is still connected: Kafka would refuse, so the dialog names who holds the group
  await park.confirm.click();
  await expect(park.confirm).toBeEnabled();
  await expect(park.members).toContainText('Stop the service first');
  await expect(park.members).toContainText(`${topic} [0]`);
  await expect(park.confirm).toHaveText('Retry');

  expect(await consumer!.stop()).toBe(1);
  consumer = undefined;
  await park.confirm.click();
  await expect(park.result).toContainText('Parked.');
  await expect(park.dialog).toHaveJSProperty('open', true);
  await expect(park.deadLetterLink).toHaveText(`${dlqTopic}:0:0`);
  await expect(park.deadLetterLink).toHaveAttribute('href', `/records/${encodeURIComponent(`${dlqTopic}:0:0`)}`);
  await expect(park.committed).toHaveText('3');
  // the page refreshes under the dialog (nobody consumes, so the partition turns stuck one record later) and the result stays
  await expect(partition.getByTestId('stuck-badge')).toContainText('stuck at offset 3', { timeout: 30_000 });
  await expect(park.result).toContainText('Parked.');
  // still modal (a dialog moved along with its row would not be): the page behind it takes no clicks
  expect(await park.dialog.evaluate((d) => d.matches(':modal'))).toBe(true);

  await park.undo.click();
  await expect(park.result).toContainText('Undone');
  await expect(park.committed).toHaveText('2');
  await expect(park.result).toContainText(dlqTopic);
  await park.dialog.getByRole('button', { name: 'Close' }).click();
  await expect(park.dialog).toBeHidden();

  const parks = await page.request.get(`/api/parks?group=${groupId}`);
  expect(((await parks.json()) as { items: { state: string; parkedBy: string }[] }).items).toMatchObject([{ state: 'undone', parkedBy: 'local' }]);
  const audit = await page.request.get(`/api/audit?action=stuck.park&target=${encodeURIComponent(`${groupId}/${topic}/0`)}`);
  expect(((await audit.json()) as { items: { result: string }[] }).items.map((e) => e.result)).toEqual(['ok', 'refused']);
});

test('the park API validates its input and refuses an offset that is not where the group is', async ({ request }) => {
  const invalid = await request.post(`/api/stuck/${groupId}/${topic}/0/park`, { data: { offset: -1 } });
  expect(invalid.status()).toBe(422);
  // the member kafkajs moved the offset with may stay listed until its session times out, when its leave got lost
  await expect(async () => {
    const moved = await request.post(`/api/stuck/${groupId}/${topic}/0/park`, { data: { offset: 4 } });
    expect(moved.status()).toBe(409);
    expect(await moved.json()).toMatchObject({ reason: 'offset-moved', committedOffset: 2 });
  }).toPass({ timeout: 45_000 });
  const unknown = await request.post('/api/parks/no-such-park/undo', { data: {} });
  expect(unknown.status()).toBe(404);
});

test('a viewer may list parks but gets 403 on park and undo, and the refusal is audited', async ({ request }) => {
  // the second e2e server, with users and API tokens (playwright.config.ts, e2e/fixtures)
  const authServer = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1}`;
  const asViewer = { authorization: 'Bearer lens_e2e-viewer-token' };
  const park = await request.post(`${authServer}/api/stuck/${groupId}/${topic}/0/park`, { headers: asViewer, data: { offset: 2 } });
  expect(park.status()).toBe(403);
  expect((await request.post(`${authServer}/api/parks/some-park/undo`, { headers: asViewer, data: {} })).status()).toBe(403);
  const list = await request.get(`${authServer}/api/parks`, { headers: asViewer });
  expect(list.status()).toBe(200);
  const audit = await request.get(`${authServer}/api/audit?action=stuck.park&result=refused`, { headers: asViewer });
  expect(((await audit.json()) as { items: { actor: { name: string }; target: string }[] }).items[0]).toMatchObject({ actor: { name: 'e2e-viewer-token' }, target: `${groupId}/${topic}/0` });
});

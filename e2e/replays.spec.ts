import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { encoded, testEvent } from '../testing/eventy-records';
import { createTopics, produce, testKafka } from '../testing/kafka-fixtures';
import { ReplaysPage } from './pages/replays-page';

const p = `e2e-${randomBytes(4).toString('hex')}-`;
const source = `${p}orders-events`;
const target = `${p}orders-replayed`;
const count = 40;

test.beforeAll(async ({ request }) => {
  test.setTimeout(120_000);
  const kafka = testKafka();
  await createTopics(kafka, [source, target], 1);
  await produce(kafka, source, Array.from({ length: count }, (_, i) => encoded(testEvent({ name: 'OrderPlaced', data: { line: i } }))));
  // the collector stores them before a replay can list them
  await expect(async () => {
    const response = await request.get(`/api/records?topic=${source}&limit=100`);
    expect(((await response.json()) as { items: unknown[] }).items).toHaveLength(count);
  }).toPass({ timeout: 60_000 });
});

test.afterAll(async () => {
  const admin = await testKafka().connectAdmin();
  await admin.deleteTopics([source, target]).finally(() => admin.close());
});

test('a replay dry run shows the count, then the real replay shows progress to 100 %', async ({ page }) => {
  const replays = new ReplaysPage(page);
  await replays.open();
  await replays.dryRun(source, target, 20);
  await expect(replays.count).toHaveText(String(count));
  await expect(replays.preview.getByRole('row')).toHaveCount(21);
  await expect(replays.confirmButton).toHaveText(`Replay ${count} records to ${target}`);

  await replays.confirmButton.click();
  await expect(replays.progress).toBeVisible();
  await expect(replays.progress).toHaveAttribute('aria-valuenow', '100', { timeout: 30_000 });
  await expect(replays.job).toHaveAttribute('data-state', 'done');
  await expect(replays.progress).toContainText(`${count} of ${count} sent`);
  await expect(page.getByTestId('recent-job').first()).toContainText(target);
});

test('a replay to a topic that does not exist is refused with the reason', async ({ page }) => {
  const replays = new ReplaysPage(page);
  await replays.open();
  await replays.dryRun(source, `${p}missing`, 20);
  await expect(replays.problem).toContainText('does not exist');
});

import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { createTopics, produce, testKafka } from '../testing/kafka-fixtures';
import { encoded, testEvent, testRequest, testResponse } from '../testing/eventy-records';
import { OverviewPage } from './pages/overview-page';

const topic = `e2e-${randomBytes(4).toString('hex')}-orders-events`;
const event = testEvent({ name: 'OrderPlaced', data: { note: 'e2e overview' } });
const request = testRequest({ correlation_id: event.correlation_id });
const failed = testResponse(request, { ok: false, error_code: 402, error_message: 'card declined' });
const hostile = testEvent({ name: '<img src=x onerror="window.__xss=1">', data: { html: '<script>window.__xss=2</script>' } });

test.beforeAll(async () => {
  const kafka = testKafka();
  await createTopics(kafka, [topic], 1);
  await produce(kafka, topic, [encoded(event), encoded(request), encoded(failed), encoded(hostile), { key: 'bad', value: Buffer.from('{"not": "eventy"}') }]);
});

test('the overview shows the collector state, topic counts and the latest records', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.open();
  await expect(overview.collectorState).toHaveText('connected', { timeout: 30_000 });
  await overview.expectTopicCount(topic, 5);
  await expect(overview.recordRow('OrderPlaced').first()).toBeVisible();
  await expect(overview.recordRow('response · error')).toBeVisible();
  await expect(overview.latestRecords.getByRole('row').filter({ hasText: 'undecodable' }).first()).toBeVisible();
});

test('payload and name text render inert, never as HTML', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.open();
  await expect(overview.recordRow('<img src=x onerror="window.__xss=1">')).toBeVisible({ timeout: 30_000 });
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await expect(page.locator('main img')).toHaveCount(0);
});

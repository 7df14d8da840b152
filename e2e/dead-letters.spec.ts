import { expect, test } from '@playwright/test';
import { randomBytes, randomUUID } from 'node:crypto';
import type { EventyRecord } from '../server/decode/contract';
import type { OutgoingMessage } from '../server/kafka';
import { encoded, testEvent, testRequest, testResponse } from '../testing/eventy-records';
import { createTopics, produce, testKafka } from '../testing/kafka-fixtures';
import { DeadLettersPage } from './pages/dead-letters-page';
import { LoginPage } from './pages/login-page';
import { RecordsPage } from './pages/records-page';
import { int32, int64 } from '../scripts/demo/consumers/spring-dlt-headers';

const suffix = randomBytes(4).toString('hex');
const original = `e2e-${suffix}-orders`;
const dlq = `${original}.dlq`;
const bugCount = 12;

const records: EventyRecord[] = Array.from({ length: bugCount + 3 }, (_, i) =>
  testEvent({ name: `OrderPlaced${suffix}`, partition_key: `order-${i}`, data: { order_id: `order-${i}`, note: 'broken' } }),
);

/** What Spring Kafka's DeadLetterPublishingRecoverer writes when the listener throws on `records[offset]`. */
function springDeadLetter(offset: number, exception: string, message: string, extra: Record<string, string> = {}): OutgoingMessage {
  return {
    ...encoded(records[offset]!),
    headers: {
      'kafka_dlt-original-topic': original,
      'kafka_dlt-original-partition': int32(0),
      'kafka_dlt-original-offset': int64(offset),
      'kafka_dlt-original-timestamp': int64(Date.now() - 60_000),
      'kafka_dlt-original-consumer-group': `billing-${suffix}`,
      'kafka_dlt-exception-fqcn': 'org.springframework.kafka.listener.ListenerExecutionFailedException',
      'kafka_dlt-exception-cause-fqcn': exception,
      'kafka_dlt-exception-message': message,
      ...extra,
    },
  };
}

// one bug failing 12 times with different ids, one timeout, one record that failed again after a requeue
const deadLetters = [
  ...Array.from({ length: bugCount }, (_, i) => springDeadLetter(i, 'com.acme.OrderNotFound', `Order ${1000 + i * 37} not found for customer ${randomUUID()}`)),
  springDeadLetter(bugCount, 'java.net.SocketTimeoutException', 'Read timed out after 30000 ms'),
  springDeadLetter(bugCount + 1, 'com.acme.OrderNotFound', 'Order 5 not found for customer 00000000-0000-4000-8000-000000000000', { 'eventy-lens-requeue-count': '1' }),
];
const dlqId = (offset: number) => `${dlq}:0:${offset}`;
const responses = `e2e-${suffix}-billing-responses`;
const charge = testRequest({ name: `Charge${suffix}` });
const declined = testResponse(charge, { ok: false, error_code: 402, error_message: `card declined ${suffix}` });
// collected by the second server of playwright.config.ts (users and tokens), which reads `^e2e-auth-`
const authDlq = `e2e-auth-${suffix}-orders.dlq`;
const authBaseURL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1}`;

test.beforeAll(async () => {
  const kafka = testKafka();
  await createTopics(kafka, [original, dlq], 1);
  await produce(kafka, original, records.map(encoded));
  await produce(kafka, dlq, deadLetters);
  await createTopics(kafka, [responses], 1);
  await produce(kafka, responses, [encoded(testResponse(charge)), encoded(declined)]);
  await createTopics(kafka, [authDlq], 1);
  await produce(kafka, authDlq, [springDeadLetter(0, 'com.acme.OrderNotFound', 'Order 1 not found')]);
});

test.afterAll(async () => {
  const admin = await testKafka().connectAdmin();
  await admin.deleteTopics([original, dlq, responses, authDlq]).catch(() => undefined);
  await admin.close();
});

test.describe('dead letters', () => {
  test.beforeEach(async ({ page }) => {
    await new DeadLettersPage(page).waitUntilStored(`dlqTopic=${dlq}`, deadLetters.length);
  });

  test('the grouped view shows one row for many failures of one bug', async ({ page }) => {
    const dl = new DeadLettersPage(page);
    await dl.open(`?dlqTopic=${dlq}`);
    await expect(dl.groupRows).toHaveCount(2);
    const bug = dl.groupRow('Order <n> not found for customer <uuid>');
    await expect(bug.getByTestId('dl-group-count')).toHaveText(String(bugCount + 1));
    await expect(bug).toContainText('com.acme.OrderNotFound');
    await expect(bug).toContainText(original);
    await expect(dl.groupRow('Read timed out after <n> ms').getByTestId('dl-group-count')).toHaveText('1');

    await bug.click();
    await expect(dl.rows).toHaveCount(bugCount + 1);
    await expect(dl.panel).toContainText('com.acme.OrderNotFound');
  });

  test('an operator inspects a dead letter, edits it, requeues it, and sees it requeued and its new record in the timeline', async ({ page }) => {
    const dl = new DeadLettersPage(page);
    const id = dlqId(3);
    await dl.open(`?view=flat&dlqTopic=${dlq}&deadLetter=${encodeURIComponent(id)}`);
    await expect(dl.panel.getByTestId('dl-error')).toContainText('com.acme.OrderNotFound');
    await expect(dl.panel.getByTestId('dl-error')).toContainText(`Order ${1000 + 3 * 37} not found`);
    await expect(dl.panel.getByTestId('dl-original-link')).toHaveText(`${original}:0:3`);
    await expect(dl.panel.getByTestId('trace-link')).toBeVisible();

    await dl.panel.getByTestId('dl-edit').click();
    await dl.panel.getByTestId('dl-edit-value').fill('{"type": "EVENT",');
    await expect(dl.panel.getByTestId('dl-edit-error')).toBeVisible();
    await expect(dl.panel.getByTestId('dl-review')).toBeDisabled();

    const fixed = { ...records[3]!, data: { order_id: 'order-3', note: `fixed-${suffix}` } };
    await dl.panel.getByTestId('dl-edit-value').fill(JSON.stringify(fixed, null, 2));
    await dl.panel.getByTestId('dl-review').click();
    await expect(dl.panel.getByTestId('dl-diff')).toContainText(`+     "note": "fixed-${suffix}"`);
    await expect(dl.panel.getByTestId('dl-target-topic')).toHaveValue(original);
    await dl.panel.getByTestId('dl-confirm-requeue').click();

    const result = dl.panel.getByTestId('dl-requeue-result');
    await expect(result).toContainText('Requeued');
    const target = (await dl.panel.getByTestId('dl-new-record').textContent()) ?? '';
    expect(target).toMatch(new RegExp(`^${original}:0:\\d+$`));
    await expect(dl.panel.getByTestId('dl-requeued-badge')).toContainText(target);
    await expect(dl.row(id).getByTestId('dl-requeued-badge')).toBeVisible();

    // the collector stores the new record within a few seconds; the link opens it in the timeline
    await expect(async () => expect((await page.request.get(`/api/records/${encodeURIComponent(target)}`)).status()).toBe(200)).toPass({ timeout: 30_000 });
    await dl.panel.getByTestId('dl-new-record').click();
    const timeline = new RecordsPage(page);
    await expect(timeline.detail).toContainText(`fixed-${suffix}`);
    await expect(timeline.detail).toContainText('eventy-lens-requeued-from');
  });

  test('a dead letter that failed again asks for a second confirmation before it is requeued', async ({ page }) => {
    const dl = new DeadLettersPage(page);
    const id = dlqId(bugCount + 1);
    await dl.open(`?view=flat&dlqTopic=${dlq}&deadLetter=${encodeURIComponent(id)}`);
    await expect(dl.panel.getByTestId('dl-failed-again-badge')).toHaveText('failed again (1 time)');
    await dl.panel.getByTestId('dl-requeue').click();
    await dl.panel.getByTestId('dl-confirm-requeue').click();
    await expect(dl.panel.getByTestId('dl-requeue-problem')).toContainText('failed again');
    await dl.panel.getByTestId('dl-requeue-anyway').click();
    await expect(dl.panel.getByTestId('dl-requeue-result')).toContainText('Requeued');
  });

  test('an edited value that is not a valid Eventy record is refused with the reason', async ({ page }) => {
    const dl = new DeadLettersPage(page);
    const id = dlqId(5);
    await dl.open(`?view=flat&dlqTopic=${dlq}&deadLetter=${encodeURIComponent(id)}`);
    await dl.editAndReview(JSON.stringify({ ...records[5]!, provenance: 'extra keys break eventy' }, null, 2));
    await dl.panel.getByTestId('dl-confirm-requeue').click();
    await expect(dl.panel.getByTestId('dl-requeue-problem')).toContainText('provenance');
    await expect(dl.panel.getByTestId('dl-back-to-edit')).toBeVisible();
  });

  test('an operator requeues selected dead letters as a job and sees its progress reach 100 %', async ({ page }) => {
    const dl = new DeadLettersPage(page);
    const ids = [6, 7, 8].map(dlqId);
    await dl.open(`?view=flat&dlqTopic=${dlq}`);
    for (const id of ids) await dl.row(id).getByRole('checkbox').check();
    await expect(page.getByTestId('dl-bulk')).toContainText('3 selected');
    await page.getByTestId('dl-bulk-requeue').click();
    await expect(page.getByRole('dialog', { name: 'confirm bulk requeue' })).toContainText('Requeue 3 dead letters to their original topics?');
    await page.getByTestId('dl-bulk-confirm').click();
    const job = page.getByTestId('dl-job');
    await expect(job).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await expect(page.getByTestId('dl-job-progress')).toContainText('100 % · 3 requeued, 0 skipped, 0 failed of 3');
    for (const id of ids) await expect(dl.row(id).getByTestId('dl-requeued-badge')).toBeVisible();
  });

  test('failed responses are listed beside the dead letters with a link to their trace', async ({ page }) => {
    const dl = new DeadLettersPage(page);
    const correlation = encodeURIComponent(charge.correlation_id);
    await expect(async () => {
      const { items } = (await (await page.request.get(`/api/records?ok=false&correlationId=${correlation}`)).json()) as { items: unknown[] };
      expect(items).toHaveLength(1);
    }).toPass({ timeout: 30_000 });
    await dl.open(`?view=failed&correlationId=${correlation}`);
    const rows = page.getByTestId('failed-response-row');
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText(`card declined ${suffix}`);
    await expect(rows).toContainText('402');
    await rows.getByRole('link', { name: 'trace' }).click();
    await expect(page).toHaveURL(/\/traces\/[^/?]+$/);
  });

  test('explains which topics count as dead-letter topics when none matches', async ({ page }) => {
    const dl = new DeadLettersPage(page);
    await dl.open('?dlqTopic=e2e-no-such-topic.dlq');
    await expect(dl.empty).toContainText('No dead letter matches these filters');
    await dl.open('?view=failed&correlationId=no-such-correlation');
    await expect(dl.empty).toContainText('ok: false');
  });
});

test.describe('dead letters for a viewer', () => {
  test.use({ baseURL: authBaseURL });

  test('a viewer inspects dead letters but is offered no requeue, edit or selection', async ({ page }) => {
    await page.goto('/dead-letters');
    await new LoginPage(page).signIn('e2e-viewer', 'e2e-viewer-password');
    await expect(page).toHaveURL(`${authBaseURL}/dead-letters`);
    const dl = new DeadLettersPage(page);
    await dl.waitUntilStored(`dlqTopic=${authDlq}`, 1);
    await dl.open(`?view=flat&dlqTopic=${authDlq}&deadLetter=${encodeURIComponent(`${authDlq}:0:0`)}`);
    await expect(dl.panel.getByTestId('dl-error')).toContainText('com.acme.OrderNotFound');
    await expect(dl.panel.getByTestId('dl-actions-viewer')).toBeVisible();
    await expect(dl.panel.getByTestId('dl-requeue')).toHaveCount(0);
    await expect(dl.panel.getByTestId('dl-edit')).toHaveCount(0);
    await expect(dl.rows.getByRole('checkbox')).toHaveCount(0);
  });
});

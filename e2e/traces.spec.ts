import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { encoded, testEvent, testRequest, testResponse } from '../testing/eventy-records';
import { commitOffsetsWithKafkaTool, createTopics, produce, testKafka } from '../testing/kafka-fixtures';
import { RecordsPage } from './pages/records-page';
import { TracePage, TracesListPage } from './pages/trace-page';

const suffix = randomBytes(4).toString('hex');
const p = `e2e-${suffix}-`;
// services named like their topics (`<service>-events`, `urn:<service>`), so the default naming links them
const [gateway, shop, billing, stock, payments] = ['gateway', 'shop', 'billing', 'stock', 'payments'].map((name) => `${p}${name}`) as [string, string, string, string, string];
const topics = {
  shopRequests: `${shop}-requests`,
  shopResponses: `${shop}-responses`,
  shopEvents: `${shop}-events`,
  stockEvents: `${stock}-events`,
  paymentsRequests: `${payments}-requests`,
  paymentsResponses: `${payments}-responses`,
};
const correlationId = `${gateway}:POST_/api/orders:${suffix}`;
const okCorrelationId = `${gateway}:GET_/api/orders:${suffix}`;
const base = Date.now() - 10_000;
const siblings = 25;

// request → event → (25 stock events, nested request → failed response) → response
const placeOrder = testRequest({ namespace: `urn:${shop}`, source: `urn:${gateway}`, name: 'PlaceOrder', correlation_id: correlationId });
const orderPlaced = testEvent({ namespace: `urn:${shop}`, source: `urn:${shop}`, name: 'OrderPlaced', correlation_id: correlationId });
const reserved = Array.from({ length: siblings }, (_, i) => testEvent({ namespace: `urn:${stock}`, source: `urn:${stock}`, name: 'ItemReserved', correlation_id: correlationId, data: { line: i } }));
const charge = testRequest({ namespace: `urn:${payments}`, source: `urn:${billing}`, name: 'ChargeCard', correlation_id: correlationId });
const declined = testResponse(charge, { source: `urn:${payments}`, name: 'ChargeCardResult', ok: false, error_code: 402, error_message: 'card declined' });
const placed = testResponse(placeOrder, { source: `urn:${shop}`, name: 'PlaceOrderResult' });
const viewed = testEvent({ namespace: `urn:${shop}`, source: `urn:${shop}`, name: 'OrderViewed', correlation_id: okCorrelationId });

const ids = {
  placeOrder: `${topics.shopRequests}:0:0`,
  orderPlaced: `${topics.shopEvents}:0:0`,
  viewed: `${topics.shopEvents}:0:1`,
  firstReserved: `${topics.stockEvents}:0:0`,
  charge: `${topics.paymentsRequests}:0:0`,
  declined: `${topics.paymentsResponses}:0:0`,
  placed: `${topics.shopResponses}:0:0`,
};
const group = `collapsed:${ids.orderPlaced}:${ids.firstReserved}`;
const tree = [ids.placeOrder, ids.orderPlaced, group, ids.charge, ids.declined, ids.placed];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const kafka = testKafka();
  await createTopics(kafka, Object.values(topics), 1);
  await produce(kafka, topics.shopRequests, [{ ...encoded(placeOrder), timestamp: base }]);
  await produce(kafka, topics.shopEvents, [
    { ...encoded(orderPlaced), timestamp: base + 100 },
    { ...encoded(viewed), timestamp: base + 5000 },
  ]);
  await produce(kafka, topics.stockEvents, reserved.map((record, i) => ({ ...encoded(record), timestamp: base + 200 + i })));
  await produce(kafka, topics.paymentsRequests, [{ ...encoded(charge), timestamp: base + 300 }]);
  await produce(kafka, topics.paymentsResponses, [{ ...encoded(declined), timestamp: base + 700 }]);
  await produce(kafka, topics.shopResponses, [{ ...encoded(placed), timestamp: base + 900 }]);
  // who consumes what: each service's group (named after it) committed on the topics it reads
  await commitOffsetsWithKafkaTool(shop, [{ topic: topics.shopRequests, partition: 0, offset: 1 }]);
  await commitOffsetsWithKafkaTool(billing, [{ topic: topics.shopEvents, partition: 0, offset: 2 }]);
  await commitOffsetsWithKafkaTool(stock, [{ topic: topics.shopEvents, partition: 0, offset: 2 }]);
  await commitOffsetsWithKafkaTool(payments, [{ topic: topics.paymentsRequests, partition: 0, offset: 1 }]);
});

test.describe('causal traces', () => {
  test.beforeEach(async ({ page }) => {
    await new RecordsPage(page).waitUntilStored(`?correlationId=${encodeURIComponent(correlationId)}`, 5 + siblings);
    await new TracePage(page).waitUntilLinked(correlationId, 1);
  });

  test('opens the trace of a record from the timeline', async ({ page }) => {
    const records = new RecordsPage(page);
    await records.open(`?correlationId=${encodeURIComponent(correlationId)}`);
    await records.select(ids.orderPlaced);
    await records.detail.getByTestId('trace-link').click();
    const trace = new TracePage(page);
    await trace.expectLoaded(correlationId);
    await expect(page).toHaveURL(/\/traces\/e2e-/);
    await trace.expectRows(tree);
    await expect(page.getByTestId('trace-footer')).toContainText(`${5 + siblings} records`);
    await expect(page.getByTestId('trace-records-link')).toHaveAttribute('href', `/records?correlationId=${encodeURIComponent(correlationId)}`);
  });

  test('draws exact edges solid, inferred ones dashed with their rule, and the failed hop in red', async ({ page }) => {
    const trace = new TracePage(page);
    await trace.open(correlationId);
    await trace.expectRows(tree);
    await expect(trace.status).toHaveAttribute('data-status', 'error');
    await expect(trace.row(ids.declined)).toHaveAttribute('data-status', 'error');
    await expect(trace.row(ids.declined)).toHaveClass(/failed/);
    await expect(trace.row(ids.charge)).toHaveAttribute('data-status', 'ok');
    await expect(trace.edgeOf(trace.row(ids.declined))).toHaveAttribute('data-edge', 'exact');
    await expect(trace.edgeOf(trace.row(ids.declined))).toHaveAttribute('title', /request_uuid/);
    await expect(trace.edgeOf(trace.row(ids.orderPlaced))).toHaveAttribute('data-edge', 'inferred');
    await expect(trace.edgeOf(trace.row(ids.orderPlaced))).toHaveAttribute('title', /request consumed by its target service.*confidence/);
    await expect(trace.edgeOf(trace.row(ids.charge))).toHaveAttribute('title', /event on a topic/);
    // waterfall: the request waits, then is processed until its response; the event waits until it is reacted to
    await expect(trace.row(ids.charge).getByTestId('wf-processing')).toBeVisible();
    await expect(trace.row(ids.orderPlaced).getByTestId('wf-wait')).toBeVisible();
    await expect(page.getByTestId('trace-axis')).toContainText('ms');
  });

  test('expands and collapses nodes and the folded group of siblings', async ({ page }) => {
    const trace = new TracePage(page);
    await trace.open(correlationId);
    await trace.expectRows(tree);
    await trace.toggle(trace.row(ids.orderPlaced));
    await trace.expectRows([ids.placeOrder, ids.orderPlaced, ids.placed]);
    await trace.toggle(trace.row(ids.orderPlaced));
    await trace.expectRows(tree);

    await expect(trace.row(group)).toContainText(`ItemReserved × ${siblings}`);
    await trace.toggle(trace.row(group));
    await expect(trace.rows).toHaveCount(tree.length + siblings);
    await expect(trace.row(ids.firstReserved)).toBeVisible();
    await page.getByTestId('trace-collapse-all').click();
    await trace.expectRows([ids.placeOrder]);
    await page.getByTestId('trace-expand-all').click();
    await trace.expectRows(tree);
  });

  test('clicking a node shows its record, and the full record page is one click away', async ({ page }) => {
    const trace = new TracePage(page);
    await trace.open(correlationId);
    await trace.row(ids.declined).click();
    await expect(page).toHaveURL(/record=/);
    await expect(trace.detail.getByRole('heading', { name: 'ChargeCardResult' })).toBeVisible();
    await expect(trace.detail.getByTestId('error-response')).toContainText('card declined');
    await trace.detail.getByRole('link', { name: 'Open full page' }).click();
    await expect(page).toHaveURL(new RegExp(`/records/${encodeURIComponent(ids.declined)}$`));
    await expect(page.getByTestId('record-detail')).toBeVisible();
  });

  test('the list filters by status and links each row to its trace', async ({ page }) => {
    const list = new TracesListPage(page);
    await list.open(`?service=${shop}`);
    await list.expectCorrelations([okCorrelationId, correlationId]);
    await list.field('Status').selectOption('error');
    await list.apply();
    await expect(page).toHaveURL(/status=error/);
    await list.expectCorrelations([correlationId]);
    await expect(list.row(correlationId)).toHaveAttribute('data-status', 'error');
    await list.field('Status').selectOption('ok');
    await list.apply();
    await list.expectCorrelations([okCorrelationId]);
    await list.row(okCorrelationId).getByRole('link', { name: 'OrderViewed' }).click();
    const trace = new TracePage(page);
    await trace.expectLoaded(okCorrelationId);
    await expect(trace.status).toHaveAttribute('data-status', 'ok');
    await trace.expectRows([ids.viewed]);
  });

  test('an unknown correlation id says so', async ({ page }) => {
    const trace = new TracePage(page);
    await trace.open(`${p}nobody:${suffix}`);
    await expect(trace.notFound).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Trace not found' })).toBeVisible();
  });
});

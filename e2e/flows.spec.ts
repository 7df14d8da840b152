import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import type { FlowGraph } from '../server/flows';
import { encoded, testEvent, testRequest, testResponse } from '../testing/eventy-records';
import { commitOffsetsWithKafkaTool, createTopics, produce, testKafka } from '../testing/kafka-fixtures';
import { FlowsPage } from './pages/flows-page';

// services named like eventy's: topics <service>-events|requests|responses, URN urn:<service>, group <service>
const prefix = `e2e-${randomBytes(4).toString('hex')}-`;
const orders = `${prefix}orders`;
const billing = `${prefix}billing`;
const notify = `${prefix}notify`;
const topics = { placed: `${orders}-events`, requests: `${billing}-requests`, responses: `${billing}-responses` };

const placed = [0, 1, 2].map((i) => testEvent({ name: 'OrderPlaced', source: `urn:${orders}`, namespace: `urn:${orders}`, data: { i } }));
const charges = placed.map((event) =>
  testRequest({ name: 'ChargeCustomer', source: `urn:${orders}`, namespace: `urn:${billing}`, correlation_id: event.correlation_id }),
);
const results = charges.map((charge, i) =>
  testResponse(charge, { name: 'ChargeCustomerResult', source: `urn:${billing}`, ...(i === 2 ? { ok: false, error_code: 402, error_message: 'card declined' } : {}) }),
);

test.beforeAll(async () => {
  const kafka = testKafka();
  await createTopics(kafka, Object.values(topics), 1);
  await produce(kafka, topics.placed, placed.map(encoded));
  await produce(kafka, topics.requests, charges.map(encoded));
  await produce(kafka, topics.responses, results.map(encoded));
  // notify reads orders' events and writes nothing back: only its group tells it consumes; billing is one request behind
  await commitOffsetsWithKafkaTool(notify, [{ topic: topics.placed, partition: 0, offset: 3 }]);
  await commitOffsetsWithKafkaTool(billing, [{ topic: topics.requests, partition: 0, offset: 2 }]);
  await commitOffsetsWithKafkaTool(orders, [{ topic: topics.responses, partition: 0, offset: 3 }]);
});

test.afterAll(async () => {
  const admin = await testKafka().connectAdmin();
  await admin.deleteGroups([orders, billing, notify]).catch(() => undefined);
  await admin.close();
});

test.describe('flows', () => {
  test.beforeEach(async ({ request }) => {
    // the collector picks up new topics every 2 s and the lag sampler reads the groups every second
    await expect(async () => {
      const graph = (await (await request.get('/api/flows')).json()) as FlowGraph;
      // other groups on a shared broker may read our topics too: only ours are asserted
      const ours = graph.edges.filter((e) => e.from.startsWith(prefix) && e.to.startsWith(prefix));
      expect(ours.map((e) => `${e.from}>${e.to}:${e.name}`).sort()).toEqual(
        [`${billing}>${orders}:ChargeCustomerResult`, `${orders}>${billing}:ChargeCustomer`, `${orders}>${notify}:OrderPlaced`].sort(),
      );
      expect(graph.nodes.find((n) => n.id === billing)?.lag?.lagRecords).toBe(1);
    }).toPass({ timeout: 45_000 });
  });

  test('shows the services as nodes and who sent what to whom as edges, a silent consumer included', async ({ page }) => {
    const flows = new FlowsPage(page);
    await flows.open();
    for (const service of [orders, billing, notify]) await expect(flows.node(service)).toBeVisible();
    await expect(flows.edge(orders, billing)).toContainText('ChargeCustomer');
    await expect(flows.edge(orders, notify)).toContainText('OrderPlaced');
    await expect(flows.edge(billing, orders)).toHaveAttribute('data-errors', 'true');

    const request = flows.row(orders, billing, 'ChargeCustomer');
    await expect(request.getByTestId('edge-count')).toHaveText('3');
    await expect(request.getByTestId('edge-errors')).toHaveText('0');
    await expect(flows.row(orders, notify, 'OrderPlaced').getByTestId('edge-count')).toHaveText('3');
    const response = flows.row(billing, orders, 'ChargeCustomerResult');
    await expect(response.getByTestId('edge-errors')).toHaveText('1 (33%)');
    await expect(response).toHaveAttribute('data-errors', 'true');
    await expect(flows.node(billing).getByTestId('node-lag')).toHaveText(/^lag 1/);
    await expect(flows.node(notify).getByTestId('node-lag')).toHaveText('lag 0');
  });

  test('focuses on one service and sorts the edge table by errors, through the URL', async ({ page }) => {
    const flows = new FlowsPage(page);
    await flows.open();
    await flows.focus.selectOption(orders);
    await expect(page).toHaveURL(new RegExp(`focus=${orders}`));
    await expect(flows.table.locator(`[data-testid="flow-edge-row"]:not([data-from="${orders}"]):not([data-to="${orders}"])`)).toHaveCount(0);
    await expect(flows.rows).not.toHaveCount(0);
    await flows.table.getByRole('link', { name: 'Errors' }).click();
    await expect(page).toHaveURL(/sort=errors/);
    await expect(flows.rows.first()).toHaveAttribute('data-name', 'ChargeCustomerResult');
    await expect(flows.table.getByRole('columnheader', { name: /Errors/ })).toHaveAttribute('aria-sort', 'descending');
  });

  test('clicking a node opens its records', async ({ page }) => {
    const flows = new FlowsPage(page);
    await flows.open(`?focus=${orders}`);
    await flows.node(notify).click();
    await expect(page).toHaveURL(new RegExp(`/records\\?service=urn%3A${notify}&range=15m$`));
    await flows.open(`?focus=${orders}`);
    await flows.node(billing).click();
    await expect(page).toHaveURL(new RegExp(`/records\\?service=urn%3A${billing}`));
    // billing's responses (source) are its records
    await expect(page.getByTestId('record-row')).toHaveCount(3);
  });

  test('clicking an edge shows its records link and example traces', async ({ page }) => {
    const flows = new FlowsPage(page);
    await flows.open(`?range=1h&focus=${orders}`);
    await expect(flows.windowLink('last hour')).toHaveAttribute('aria-current', 'true');
    await flows.edge(orders, billing).click();
    await expect(page).toHaveURL(/edgeFrom=.*edgeTo=/);
    await expect(flows.detail).toContainText('ChargeCustomer');
    const records = flows.detail.getByRole('link', { name: 'records' });
    await expect(records).toHaveAttribute('href', `/records?source=urn%3A${orders}&name=ChargeCustomer&topic=${topics.requests}&range=1h`);
    const example = flows.detail.getByRole('link', { name: 'example trace 1' });
    await expect(example).toHaveAttribute('href', /^\/traces\//);
    const href = await example.getAttribute('href');
    expect(charges.map((c) => `/traces/${encodeURIComponent(c.correlation_id)}`)).toContain(href);
    await records.click();
    await expect(page.getByTestId('record-row')).toHaveCount(3);
  });

  test('the flows API validates its window', async ({ request }) => {
    expect((await request.get('/api/flows?from=yesterday')).status()).toBe(422);
    expect((await request.get('/api/flows?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z')).status()).toBe(422);
    const empty = (await (await request.get('/api/flows?from=2000-01-01T00:00:00Z&to=2000-01-01T00:15:00Z')).json()) as FlowGraph;
    expect(empty).toMatchObject({ records: 0, nodes: [], edges: [] });
  });
});

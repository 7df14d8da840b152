import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { createTopics, produce, testKafka } from '../testing/kafka-fixtures';
import { encoded, testEvent, testRequest, testResponse } from '../testing/eventy-records';
import { RecordsPage } from './pages/records-page';

const suffix = randomBytes(4).toString('hex');
const topic = `e2e-${suffix}-timeline`;
const liveTopic = `e2e-${suffix}-live`;
const pagedTopic = `e2e-${suffix}-paged`;
const shop = `urn:shop-${suffix}`;
const billing = `urn:billing-${suffix}`;
const word = `quokka${suffix}`;
const traceparent = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
const twoHoursAgo = Date.now() - 2 * 60 * 60 * 1000;

const placed = testEvent({ name: `OrderPlaced${suffix}`, source: shop, namespace: shop, partition_key: `order-${suffix}`, data: { order: { lines: [{ note: `gift wrap ${word}` }] } } });
const charge = testRequest({ source: shop, namespace: billing, name: `ChargeCustomer${suffix}`, correlation_id: placed.correlation_id });
const declined = testResponse(charge, { source: billing, ok: false, error_code: 402, error_message: 'card declined' });
const hostile = testEvent({ name: '<img src=x onerror="window.__xss=1">', source: shop, data: { html: '<script>window.__xss=2</script>' } });
const old = testEvent({ name: `Archived${suffix}`, source: shop, date_timestamp: twoHoursAgo });

// single partition: offsets follow the produce order
const id = (offset: number) => `${topic}:0:${offset}`;
const ids = { placed: id(0), charge: id(1), declined: id(2), hostile: id(3), junk: id(4), old: id(5) };
const all = Object.values(ids);

test.beforeAll(async () => {
  const kafka = testKafka();
  await createTopics(kafka, [topic, liveTopic, pagedTopic], 1);
  await produce(kafka, topic, [
    encoded(placed),
    { ...encoded(charge), headers: { traceparent } },
    encoded(declined),
    encoded(hostile),
    { key: `junk-${suffix}`, value: Buffer.from('{"not": "eventy"}') },
    { ...encoded(old), timestamp: twoHoursAgo },
  ]);
  await produce(kafka, pagedTopic, Array.from({ length: 250 }, (_, i) => encoded(testEvent({ name: 'Paged', data: { i } }))));
});

test.describe('records timeline', () => {
  test.beforeEach(async ({ page }) => {
    const records = new RecordsPage(page);
    // the collector picks up new topics every 2 s, then joins them; the first test may wait for that
    await records.waitUntilStored(`?topic=${topic}`, all.length);
    await records.open(`?topic=${topic}`);
    await records.expectRecords(all);
  });

  // titles must not carry the random suffix: Playwright matches tests between processes by title
  const cases: [title: string, label: string, value: string, expected: string[]][] = [
    ['service as source or destination', 'Service', shop, [ids.placed, ids.charge, ids.declined, ids.hostile, ids.old]],
    ['service as responder', 'Service', billing, [ids.declined]],
    ['record name', 'Record name', `ChargeCustomer${suffix}`, [ids.charge]],
    ['kind response', 'Kind', 'response', [ids.declined]],
    ['kind undecodable', 'Kind', 'undecodable', [ids.junk]],
    ['key', 'Key', `junk-${suffix}`, [ids.junk]],
    ['correlation id', 'Correlation id', placed.correlation_id, [ids.placed, ids.charge, ids.declined]],
    ['record uuid', 'Record uuid', charge.uuid, [ids.charge]],
    ['the request a response answers', 'Answers request', charge.uuid, [ids.declined]],
    ['header name', 'Header name', 'traceparent', [ids.charge]],
    ['a word nested deep in data', 'Search payloads', word, [ids.placed]],
    ['the last hour', 'Time', '1h', all.filter((r) => r !== ids.old)],
  ];
  for (const [title, label, value, expected] of cases) {
    test(`filters by ${title}`, async ({ page }) => {
      const records = new RecordsPage(page);
      await records.filter(label, value);
      await records.expectRecords(expected);
    });
  }

  test('filters by a header value and by an absolute time range', async ({ page }) => {
    const records = new RecordsPage(page);
    await records.field('Header name').fill('traceparent');
    await records.field('Header value').fill(traceparent);
    await records.apply();
    await records.expectRecords([ids.charge]);

    await records.open(`?topic=${topic}`);
    await records.field('Time').selectOption('custom');
    const local = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
    await records.field('From').fill(local(twoHoursAgo - 60_000));
    await records.field('To').fill(local(twoHoursAgo + 60_000));
    await records.apply();
    await records.expectRecords([ids.old]);
  });

  test('a shared link reproduces the view: filters, results and the open record', async ({ page, browser }) => {
    const records = new RecordsPage(page);
    await records.filter('Search payloads', word);
    await records.expectRecords([ids.placed]);
    await records.select(ids.placed);
    const link = page.url();
    expect(link).toContain(`q=${word}`);

    const other = new RecordsPage(await browser.newPage());
    await other.page.goto(link);
    await other.expectRecords([ids.placed]);
    await expect(other.field('Search payloads')).toHaveValue(word);
    await expect(other.field('Topic')).toHaveValue(topic);
    await expect(other.detail.getByRole('heading', { name: placed.name })).toBeVisible();
    await expect(other.detail.getByTestId('json-data')).toContainText(word);
    await other.page.close();
  });

  test('clicking a correlation id filters by it', async ({ page }) => {
    const records = new RecordsPage(page);
    await records.row(ids.placed).getByRole('button', { name: placed.correlation_id }).click();
    await expect(page).toHaveURL(/correlationId=/);
    await records.expectRecords([ids.placed, ids.charge, ids.declined]);
  });

  test('payloads render inert, never as HTML', async ({ page }) => {
    const records = new RecordsPage(page);
    await records.select(ids.hostile);
    await expect(records.detail.getByRole('heading', { name: hostile.name })).toBeVisible();
    await expect(records.detail.getByTestId('json-data')).toContainText('<script>window.__xss=2</script>');
    await records.detail.getByRole('tab', { name: 'Text' }).click();
    await expect(records.detail.getByTestId('raw-bytes')).toContainText('onerror');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await expect(page.locator('main img')).toHaveCount(0);
    await expect(page.locator('main script')).toHaveCount(0);
  });

  test('an undecodable record shows why, with its raw bytes', async ({ page }) => {
    const records = new RecordsPage(page);
    await records.select(ids.junk);
    await expect(records.detail.getByTestId('undecodable-reason')).toContainText(/\S+/);
    await expect(records.detail.getByTestId('raw-bytes')).toContainText('{"not": "eventy"}');
    await records.detail.getByRole('tab', { name: 'Hex' }).click();
    await expect(records.detail.getByTestId('raw-bytes')).toContainText('7b 22 6e 6f 74 22');
  });
});

test.describe('record detail page', () => {
  test('links a response to its request and a request to its responses', async ({ page }) => {
    const records = new RecordsPage(page);
    await records.open(`?topic=${topic}`);
    await records.expectRecords(all);
    await page.goto(`/records/${ids.declined}`);
    await expect(page.getByTestId('error-response')).toContainText('card declined');
    await expect(page.getByTestId('error-response')).toContainText('402');
    await page.getByRole('link', { name: 'The request this responds to' }).click();
    await records.expectRecords([ids.charge]);

    await page.goto(`/records/${ids.charge}`);
    await expect(page.getByRole('row', { name: /traceparent/ })).toContainText(traceparent);
    await page.getByRole('link', { name: 'The responses to this request' }).click();
    await records.expectRecords([ids.declined]);

    await page.goto(`/records/${ids.charge}`);
    await page.getByRole('link', { name: 'All records of this correlation' }).click();
    await records.expectRecords([ids.placed, ids.charge, ids.declined]);
  });

  test('an unknown record id says so', async ({ page }) => {
    await page.goto(`/records/${topic}:0:999999`);
    await expect(page.getByRole('heading', { name: 'Record not found' })).toBeVisible();
  });
});

test.describe('infinite scroll and live tail', () => {
  test('scrolling loads older pages through the cursor until the end', async ({ page }) => {
    const records = new RecordsPage(page);
    await records.waitUntilStored(`?topic=${pagedTopic}`, 250);
    await records.open(`?topic=${pagedTopic}`);
    await expect(records.footer).toContainText('100 records loaded');
    await expect(async () => {
      await records.table.locator('.record-table-scroll').evaluate((element) => element.scrollTo(0, element.scrollHeight));
      await expect(records.footer).toContainText('250 records loaded · end of the timeline', { timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
  });

  test('streams a record produced now into the table within 2 s', async ({ page }) => {
    const records = new RecordsPage(page);
    await records.open(`?topic=${liveTopic}`);
    await expect(records.empty).toBeVisible();
    await records.startLiveTail();
    const fresh = testEvent({ name: `JustNow${suffix}` });
    await produce(testKafka(), liveTopic, [encoded(fresh)]);
    await expect(records.rows.filter({ hasText: fresh.name })).toBeVisible({ timeout: 2_000 });
  });

  test('an empty timeline fills itself once records arrive', async ({ page }) => {
    const records = new RecordsPage(page);
    const name = `Arrived${suffix}`;
    await records.open(`?name=${name}`);
    await expect(records.empty).toBeVisible();
    await produce(testKafka(), liveTopic, [encoded(testEvent({ name }))]);
    await expect(records.rows.filter({ hasText: name })).toBeVisible();
  });

  test('pausing keeps new records aside and resuming shows every one', async ({ page }) => {
    const records = new RecordsPage(page);
    await records.open(`?topic=${liveTopic}`);
    await records.startLiveTail();
    const before = await records.rows.count();
    await page.getByTestId('tail-pause').click();
    const batch = Array.from({ length: 3 }, (_, i) => testEvent({ name: `WhilePaused${suffix}-${i}` }));
    await produce(testKafka(), liveTopic, batch.map(encoded));
    // at least our 3: a record of the previous test stored just after the page loaded is new here too
    await expect(records.pending).toHaveText(/^([3-9]|\d\d+) new$/);
    const pending = Number((await records.pending.textContent())?.split(' ')[0]);
    await expect(records.rows).toHaveCount(before);
    await page.getByTestId('tail-resume').click();
    for (const record of batch) await expect(records.rows.filter({ hasText: record.name })).toBeVisible();
    await expect(records.rows).toHaveCount(before + pending);
  });

  test('the collector state is shown on every page', async ({ page }) => {
    for (const path of ['/records', '/traces', '/flows', '/lag', '/dead-letters']) {
      await page.goto(path);
      await expect(page.getByTestId('shell-collector-state')).toHaveText('connected', { timeout: 30_000 });
      await expect(page.getByRole('navigation', { name: 'main' }).locator('a[aria-current="page"]')).toHaveCount(1);
    }
  });
});

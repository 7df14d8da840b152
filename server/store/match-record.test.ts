import { afterAll, describe, expect, it } from 'vitest';
import { recordFilterSchema, recordQuerySchema, type RecordFilter, type RecordView } from './contract';
import { recordMatchesQuery, searchWords } from './match-record';
import { baseTime, decodedMessage, eventyRecord, makeTempDir, removeTempDirs, undecodableMessage } from './sqlite/record-fixtures';
import { openSqliteRecordStore } from './sqlite/sqlite-record-store';

const event: RecordView = {
  id: 'orders-events:0:7',
  topic: 'orders-events',
  partition: 0,
  offset: 7,
  timestamp: '2024-01-15T10:30:00.000Z',
  key: 'order-1042',
  headers: [
    { key: 'traceparent', value: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', encoding: 'utf8' },
    { key: 'tenant', value: 'acme', encoding: 'utf8' },
    { key: 'tenant', value: 'globex', encoding: 'utf8' },
  ],
  kind: 'event',
  format: 'json',
  legacy: false,
  record: eventyRecord({
    uuid: 'ev-1',
    correlation_id: 'corr-A',
    context: { 'urn:orders': { user: { id: 'u-981' } } },
    data: { lines: [{ sku: 'SKU-77', note: 'Crème brûlée for Zanzibar' }], total_cents: 4599, flag: true },
  }),
  warnings: [],
  size: 321,
};
const response: RecordView = {
  ...event,
  id: 'billing-responses:2:0',
  topic: 'billing-responses',
  key: null,
  headers: [],
  kind: 'response',
  record: eventyRecord({ type: 'RESPONSE', name: 'ChargeResult', source: 'urn:billing', destination: 'urn:orders', uuid: 'resp-1', request_uuid: 'req-9', error_message: 'card declined', data: {} }),
};
const junk: RecordView = {
  id: 'orders-events:1:3',
  topic: 'orders-events',
  partition: 1,
  offset: 3,
  timestamp: '2024-01-15T10:31:00.000Z',
  key: 'base64://4=',
  headers: [{ key: 'bin', value: '//4=', encoding: 'base64' }],
  kind: 'undecodable',
  format: 'unknown',
  legacy: false,
  error: 'not JSON: unexpected token',
  size: 4,
};

const matches = (view: RecordView, filters: Record<string, string>) => recordMatchesQuery(view, recordFilterSchema.parse(filters));

describe('recordMatchesQuery exact filters', () => {
  it.each([
    [{}, true],
    [{ topic: 'orders-events' }, true],
    [{ topic: 'orders' }, false],
    [{ kind: 'event' }, true],
    [{ kind: 'request' }, false],
    [{ key: 'order-1042' }, true],
    [{ key: 'order' }, false],
    [{ source: 'urn:orders' }, true],
    [{ source: 'urn:billing' }, false],
    [{ destination: 'urn:orders' }, false],
    [{ service: 'urn:orders' }, true],
    [{ name: 'OrderPlaced' }, true],
    [{ name: 'orderplaced' }, false],
    [{ correlationId: 'corr-A' }, true],
    [{ uuid: 'ev-1' }, true],
    [{ uuid: 'ev-2' }, false],
    [{ header: 'traceparent' }, true],
    [{ header: 'Traceparent' }, false],
    [{ header: 'tenant', headerValue: 'globex' }, true],
    [{ header: 'tenant', headerValue: 'Globex' }, false],
    [{ header: 'tenant', headerValue: '' }, false],
    [{ header: 'x-missing' }, false],
    [{ from: '2024-01-15T10:30:00.000Z', to: '2024-01-15T10:30:00.000Z' }, true],
    [{ from: '2024-01-15T11:30:00.001+01:00' }, false],
    [{ to: '2024-01-15T10:29:59.999Z' }, false],
    [{ topic: 'orders-events', kind: 'event', uuid: 'ev-1', header: 'tenant' }, true],
    [{ topic: 'orders-events', kind: 'event', uuid: 'ev-1', header: 'nope' }, false],
  ])('an event against %o → %s', (filters, expected) => {
    expect(matches(event, filters)).toBe(expected);
  });

  it('matches a service as source or destination, and destination only on responses', () => {
    expect(matches(response, { service: 'urn:orders' })).toBe(true);
    expect(matches(response, { service: 'urn:billing' })).toBe(true);
    expect(matches(response, { service: 'urn:shipping' })).toBe(false);
    expect(matches(response, { destination: 'urn:orders' })).toBe(true);
    expect(matches(response, { destination: 'urn:orders', source: 'urn:orders' })).toBe(false);
  });

  it('lets undecodable records pass only filters that do not need a record', () => {
    expect(matches(junk, { kind: 'undecodable', topic: 'orders-events' })).toBe(true);
    expect(matches(junk, { key: 'base64://4=' })).toBe(true);
    expect(matches(junk, { header: 'bin', headerValue: '//4=' })).toBe(true);
    for (const filters of [{ source: 'urn:orders' }, { service: 'urn:orders' }, { name: 'OrderPlaced' }, { uuid: 'ev-1' }, { correlationId: 'corr-A' }] as Record<string, string>[]) {
      expect(matches(junk, filters)).toBe(false);
    }
  });

  it('ignores paging fields of a full query', () => {
    expect(recordMatchesQuery(event, recordQuerySchema.parse({ limit: '1', cursor: 'MTIz', uuid: 'ev-1' }))).toBe(true);
  });
});

describe('recordMatchesQuery q', () => {
  it.each([
    ['zanzibar', true],
    ['ZANZIBAR', true],
    ['creme', true],
    ['brûlée', true],
    ['u-981', true],
    ['981', true],
    ['4599', true],
    ['sku-77', true],
    ['order-1042', true],
    ['OrderPlaced', true],
    ['zanzi*', true],
    ['zanzi', false],
    ['for zanzibar', true],
    ['"for zanzibar"', true],
    ['brulee zanzibar', true],
    ['zanzibar nowhere', false],
    ['crème-for', false],
    ['brûlée-for', true],
    ['user', false],
    ['lines', false],
    ['true', false],
    ['urn:orders', false],
    ['" * ( )', false],
    ['AND(', false],
  ])('%j in an event → %s', (q, expected) => {
    expect(matches(event, { q })).toBe(expected);
  });

  it('searches error text of responses and the key and reason of undecodable records', () => {
    expect(matches(response, { q: 'declined' })).toBe(true);
    expect(matches(junk, { q: 'unexpected token' })).toBe(true);
    expect(matches(junk, { q: 'base64' })).toBe(false);
  });

  it('splits words as unicode61 does', () => {
    expect(searchWords('Crème-Brûlée ÅSA_x 42.5 日本語')).toEqual(['creme', 'brulee', 'asa', 'x', '42', '5', '日本語']);
  });
});

describe('recordMatchesQuery agrees with the store', () => {
  afterAll(removeTempDirs);

  it('selects the same records as queryRecords for each filter', async () => {
    const store = openSqliteRecordStore({ dataDir: makeTempDir() });
    const ingested = [
      decodedMessage({ offset: 0, timestamp: baseTime, headers: event.headers }, event.record),
      decodedMessage({ topic: 'billing-responses', offset: 0, timestamp: baseTime + 1000, key: null }, response.record),
      decodedMessage({ offset: 1, timestamp: baseTime + 2000, key: 'cus-7' }, eventyRecord({ uuid: 'ev-2', source: 'urn:stock', data: { word: 'résumé' } })),
      undecodableMessage({ offset: 2, timestamp: baseTime + 3000, key: Buffer.from([0xff]), headers: junk.headers }, null, 'tombstone'),
    ];
    await store.insertBatch(ingested);
    const views = (await store.queryRecords(recordQuerySchema.parse({ limit: 50 }))).items;
    const filters: Record<string, string>[] = [
      { service: 'urn:orders' },
      { destination: 'urn:orders' },
      { requestUuid: 'req-9' },
      { header: 'tenant', headerValue: 'acme' },
      { header: 'bin' },
      { q: 'resume' },
      { q: 'brû*' },
      { q: 'u-981 zanzibar' },
      { q: 'declined', kind: 'response' },
      { q: 'tombstone' },
      { key: 'cus-7', from: new Date(baseTime + 2000).toISOString() },
      { to: new Date(baseTime + 1000).toISOString(), source: 'urn:orders' },
    ];
    for (const filter of filters) {
      const stored = (await store.queryRecords(recordQuerySchema.parse(filter))).items.map((item) => item.id);
      const matched = views.filter((view) => recordMatchesQuery(view, recordFilterSchema.parse(filter))).map((view) => view.id);
      expect(matched, JSON.stringify(filter)).toEqual(stored);
    }
    await store.close();
  });
});

describe('recordFilterSchema', () => {
  it('rejects paging fields and headerValue without header', () => {
    expect(recordFilterSchema.safeParse({ limit: '5' }).success).toBe(false);
    expect(recordFilterSchema.safeParse({ cursor: 'abc' }).success).toBe(false);
    expect(recordFilterSchema.safeParse({ headerValue: 'x' }).success).toBe(false);
    expect(recordFilterSchema.parse({ header: 'h', headerValue: 'x' } satisfies RecordFilter)).toEqual({ header: 'h', headerValue: 'x' });
  });
});

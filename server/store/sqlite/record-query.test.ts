import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidCursorError, recordQuerySchema, type RecordQuery, type RecordStore } from '../contract';
import { baseTime, decodedMessage, eventyRecord, makeTempDir, removeTempDirs, undecodableMessage } from './record-fixtures';
import { compileRecordQuery, decodeCursor, encodeCursor } from './record-query';
import { openSqliteRecordStore } from './sqlite-record-store';

let store: RecordStore;
let dataDir: string;

const request = eventyRecord({
  type: 'REQUEST',
  namespace: 'urn:billing',
  name: 'ChargeCustomer',
  uuid: 'req-1',
  correlation_id: 'corr-A',
  data: { customer: { cards: [{ last4: '4242', notes: ['primary', { deep: 'zanzibar' }] }] } },
});
const response = eventyRecord({
  type: 'RESPONSE',
  namespace: 'urn:billing',
  name: 'ChargeCustomerResult',
  source: 'urn:billing',
  uuid: 'resp-1',
  correlation_id: 'corr-A',
  destination: 'urn:orders',
  request_uuid: 'req-1',
  ok: false,
  error_code: 402,
  error_message: 'card declined',
  context: { 'urn:orders': { user_id: 'u-981' } },
  data: {},
});

beforeAll(async () => {
  dataDir = makeTempDir();
  store = openSqliteRecordStore({ dataDir });
  await store.insertBatch([
    decodedMessage({ offset: 0, timestamp: baseTime }, eventyRecord({ uuid: 'ev-0', correlation_id: 'corr-A' })),
    decodedMessage({ offset: 1, timestamp: baseTime + 1000 }, eventyRecord({ uuid: 'ev-1', correlation_id: 'corr-B', name: 'OrderShipped' })),
    decodedMessage({ topic: 'billing-requests', offset: 0, timestamp: baseTime + 2000, key: 'cus-77' }, request),
    decodedMessage({ topic: 'billing-responses', offset: 0, timestamp: baseTime + 3000, key: 'cus-77' }, response),
    undecodableMessage({ offset: 2, timestamp: baseTime + 4000, key: 'junk' }, Buffer.from('plain text with quokka inside'), 'not JSON'),
  ]);
});
afterAll(async () => {
  await store.close();
  removeTempDirs();
});

async function uuids(filters: Partial<RecordQuery>): Promise<(string | null)[]> {
  const page = await store.queryRecords(recordQuerySchema.parse(filters));
  return page.items.map((item) => item.record?.uuid ?? item.id);
}

describe('queryRecords filters', () => {
  it('returns everything newest first without filters', async () => {
    expect(await uuids({})).toEqual(['orders-events:0:2', 'resp-1', 'req-1', 'ev-1', 'ev-0']);
  });

  it.each([
    [{ topic: 'orders-events' }, ['orders-events:0:2', 'ev-1', 'ev-0']],
    [{ source: 'urn:billing' }, ['resp-1']],
    [{ kind: 'request' }, ['req-1']],
    [{ kind: 'undecodable' }, ['orders-events:0:2']],
    [{ name: 'OrderShipped' }, ['ev-1']],
    [{ correlationId: 'corr-A' }, ['resp-1', 'req-1', 'ev-0']],
    [{ uuid: 'req-1' }, ['req-1']],
    [{ key: 'cus-77' }, ['resp-1', 'req-1']],
    [{ key: 'junk' }, ['orders-events:0:2']],
    [{ topic: 'nope' }, []],
  ] as const)('filters by %o alone', async (filters, expected) => {
    expect(await uuids(filters)).toEqual(expected);
  });

  it('combines filters with AND', async () => {
    expect(await uuids({ correlationId: 'corr-A', topic: 'orders-events' })).toEqual(['ev-0']);
    expect(await uuids({ correlationId: 'corr-A', key: 'cus-77', kind: 'response' })).toEqual(['resp-1']);
    expect(await uuids({ source: 'urn:orders', name: 'OrderPlaced', uuid: 'ev-1' })).toEqual([]);
    expect(await uuids({ topic: 'orders-events', q: 'order-1042', name: 'OrderPlaced' })).toEqual(['ev-0']);
  });

  it('selects a time window by Kafka timestamp, both ends inclusive', async () => {
    const iso = (ms: number) => new Date(baseTime + ms).toISOString();
    expect(await uuids({ from: iso(1000), to: iso(3000) })).toEqual(['resp-1', 'req-1', 'ev-1']);
    expect(await uuids({ from: iso(3500) })).toEqual(['orders-events:0:2']);
    expect(await uuids({ to: '2024-01-15T11:30:00.5+01:00' })).toEqual(['ev-0']);
    expect(await uuids({ from: iso(5000) })).toEqual([]);
  });
});

describe('queryRecords full-text q', () => {
  it.each([
    ['zanzibar', ['req-1']],
    ['ZANZIBAR', ['req-1']],
    ['4242', ['req-1']],
    ['declined', ['resp-1']],
    ['u-981', ['resp-1']],
    ['ChargeCustomer', ['req-1']],
    ['quokka', ['orders-events:0:2']],
    ['cus-77 zanzibar', ['req-1']],
    ['zanzi*', ['req-1']],
    ['zanzi', []],
    ['EUR', ['ev-1', 'ev-0']],
  ])('finds %j', async (q, expected) => {
    expect(await uuids({ q })).toEqual(expected);
  });

  it('does not index field names', async () => {
    expect(await uuids({ q: 'customer_id' })).toEqual([]);
  });

  it.each(['foo"bar', 'AND(', '"', '*', 'NEAR(a b)', 'a OR b', 'col:value', '-x', '^start', '(((', "'; DROP TABLE records; --", '"zanzibar'])(
    'treats hostile input %j as plain text',
    async (q) => {
      await expect(store.queryRecords(recordQuerySchema.parse({ q }))).resolves.toBeDefined();
    },
  );

  it('finds quoted words as words', async () => {
    expect(await uuids({ q: '"zanzibar"' })).toEqual(['req-1']);
    expect(await uuids({ q: 'card"declined' })).toEqual(['resp-1']);
  });
});

async function walkPages(target: RecordStore, filters: Partial<RecordQuery>) {
  const ids: string[] = [];
  const times: number[] = [];
  const pageSizes: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await target.queryRecords(recordQuerySchema.parse({ ...filters, cursor }));
    pageSizes.push(page.items.length);
    ids.push(...page.items.map((item) => item.id));
    times.push(...page.items.map((item) => Date.parse(item.timestamp)));
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return { ids, times, pageSizes };
}

describe('pagination', () => {
  it('walks 1,234 rows with shared timestamps exactly once, newest first', async () => {
    const big = openSqliteRecordStore({ dataDir: makeTempDir() });
    const rows = Array.from({ length: 1234 }, (_, i) =>
      decodedMessage(
        { partition: i % 3, offset: i, timestamp: baseTime + Math.floor(i / 37) * 1000 },
        eventyRecord({ uuid: `u-${i}`, correlation_id: `corr-${i % 2}` }),
      ),
    );
    await big.insertBatch(rows.slice(0, 600));
    await big.insertBatch(rows.slice(600));
    const all = await walkPages(big, { limit: 100 });
    expect(all.pageSizes).toEqual([...Array<number>(12).fill(100), 34]);
    expect(new Set(all.ids).size).toBe(1234);
    expect(all.times).toEqual([...all.times].sort((a, b) => b - a));

    const recent = await walkPages(big, { limit: 300, topic: 'orders-events', from: new Date(baseTime + 10_000).toISOString() });
    expect(recent.pageSizes).toEqual([300, 300, 264]);
    expect(new Set(recent.ids).size).toBe(1234 - 370);

    const searched = await walkPages(big, { limit: 100, q: 'order-1042', correlationId: 'corr-1' });
    expect(new Set(searched.ids).size).toBe(617);
    expect(searched.pageSizes).toHaveLength(7);
    expect(searched.times).toEqual([...searched.times].sort((a, b) => b - a));
    const windowed = await walkPages(big, { limit: 7, q: 'cus-77', to: new Date(baseTime + 2000).toISOString() });
    expect(windowed.ids).toHaveLength(3 * 37);
    await big.close();
  });

  it('orders messages of one millisecond by offset and keeps those whose preferred ids collide', async () => {
    const crowded = openSqliteRecordStore({ dataDir: makeTempDir() });
    const sameMs = [0, 1, 2, 2 ** 21, 2 ** 21 + 1, 2 ** 22].map((offset) => decodedMessage({ offset, timestamp: baseTime }));
    expect(await crowded.insertBatch(sameMs)).toBe(6);
    expect(await crowded.insertBatch(sameMs)).toBe(0);
    const all = await walkPages(crowded, { limit: 2 });
    expect(new Set(all.ids).size).toBe(6);
    expect(all.ids.filter((id) => id.endsWith(':0') || id.endsWith(':1') || id.endsWith(':2'))).toEqual([
      'orders-events:0:2',
      'orders-events:0:1',
      'orders-events:0:0',
    ]);
    await crowded.close();
  });

  it('gives no next cursor when the page holds exactly the last rows', async () => {
    const page = await store.queryRecords(recordQuerySchema.parse({ limit: 5 }));
    expect(page.items).toHaveLength(5);
    expect(page.nextCursor).toBeNull();
    expect((await store.queryRecords(recordQuerySchema.parse({ limit: 4 }))).nextCursor).not.toBeNull();
  });

  it.each([
    'not-a-cursor!',
    'e30',
    encodeURIComponent('[1,2]'),
    Buffer.from('[1]').toString('base64url'),
    Buffer.from('12a').toString('base64url'),
    Buffer.from('1.5').toString('base64url'),
    Buffer.from('-').toString('base64url'),
    Buffer.from('9223372036854775808').toString('base64url'),
    Buffer.from('99999999999999999999').toString('base64url'),
  ])('rejects the malformed cursor %j', async (cursor) => {
    await expect(store.queryRecords(recordQuerySchema.parse({ cursor }))).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(store.queryRecords(recordQuerySchema.parse({ cursor, q: 'zanzibar' }))).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('round-trips cursors', () => {
    expect(decodeCursor(encodeCursor('-42'))).toBe(-42n);
    expect(decodeCursor(encodeCursor('9223372036854775807'))).toBe(2n ** 63n - 1n);
  });
});

describe('query plans', () => {
  it.each([
    {},
    { topic: 'orders-events' },
    { source: 'urn:billing', name: 'ChargeCustomer' },
    { kind: 'undecodable' },
    { kind: 'event', from: '2024-01-15T10:30:00Z' },
    { q: 'zanzibar', topic: 'billing-requests' },
    { uuid: 'req-1' },
    { correlationId: 'corr-A', key: 'cus-77', to: '2024-01-16T00:00:00Z' },
  ] as const)('serve %o newest first without sorting', (filters) => {
    const compiled = compileRecordQuery(recordQuerySchema.parse({ ...filters, cursor: encodeCursor('123456789') }));
    const peek = new DatabaseSync(path.join(dataDir, 'records.sqlite'), { readOnly: true });
    const plan = peek.prepare(`EXPLAIN QUERY PLAN ${compiled!.sql}`).all(...compiled!.params).map((row) => String(row['detail']));
    peek.close();
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
    if ('q' in filters || 'uuid' in filters || 'correlationId' in filters) expect(plan[0]).toMatch(/VIRTUAL TABLE/);
  });
});

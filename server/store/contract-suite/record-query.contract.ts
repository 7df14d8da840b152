import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidCursorError, recordQuerySchema, type RecordQuery, type RecordStore } from '../contract';
import { baseTime, decodedMessage, eventyRecord, undecodableMessage } from '../sqlite/record-fixtures';
import type { StoreHarness } from './store-harness';

export const queryRequest = eventyRecord({
  type: 'REQUEST',
  namespace: 'urn:billing',
  name: 'ChargeCustomer',
  uuid: 'req-1',
  correlation_id: 'corr-A',
  data: { customer: { cards: [{ last4: '4242', notes: ['primary', { deep: 'zanzibar' }] }] } },
});
export const queryResponse = eventyRecord({
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

export const traceHeader = (n: number) => ({ key: 'traceparent', value: `00-${String(n).padStart(32, '0')}-00f067aa0ba902b7-01`, encoding: 'utf8' as const });
export const tenantHeader = (name: string) => ({ key: 'tenant', value: name, encoding: 'utf8' as const });


/** The timeline's query: every filter alone and combined, full text, time windows, pages and cursors. */
export function describeRecordQueries(harness: StoreHarness): void {
  let store: RecordStore;
  let timeline: RecordStore;
  const extra: RecordStore[] = [];
  /** a new empty store, closed after the suite */
  async function fresh(): Promise<RecordStore> {
    const { store: made } = await harness.open();
    extra.push(made);
    return made;
  }
  beforeAll(async () => {
    store = (await harness.open()).store;
    await store.insertBatch([
      decodedMessage({ offset: 0, timestamp: baseTime }, eventyRecord({ uuid: 'ev-0', correlation_id: 'corr-A' })),
      decodedMessage({ offset: 1, timestamp: baseTime + 1000 }, eventyRecord({ uuid: 'ev-1', correlation_id: 'corr-B', name: 'OrderShipped' })),
      decodedMessage({ topic: 'billing-requests', offset: 0, timestamp: baseTime + 2000, key: 'cus-77' }, queryRequest),
      decodedMessage({ topic: 'billing-responses', offset: 0, timestamp: baseTime + 3000, key: 'cus-77' }, queryResponse),
      undecodableMessage({ offset: 2, timestamp: baseTime + 4000, key: 'junk' }, Buffer.from('plain text with quokka inside'), 'not JSON'),
    ]);
    timeline = (await harness.open()).store;
    await timeline.insertBatch([
      decodedMessage({ offset: 0, timestamp: baseTime, headers: [traceHeader(1), tenantHeader('acme')] }, eventyRecord({ uuid: 'ev-0' })),
      decodedMessage(
        { topic: 'billing-requests', offset: 0, timestamp: baseTime + 1000, headers: [traceHeader(1)] },
        eventyRecord({ type: 'REQUEST', namespace: 'urn:billing', name: 'ChargeCustomer', uuid: 'req-1', data: { note: 'zanzibar' } }),
      ),
      decodedMessage(
        { topic: 'billing-responses', offset: 0, timestamp: baseTime + 2000, headers: [tenantHeader('globex')] },
        eventyRecord({ type: 'RESPONSE', namespace: 'urn:billing', name: 'ChargeCustomerResult', source: 'urn:billing', destination: 'urn:orders', uuid: 'resp-1', request_uuid: 'req-1', data: { note: 'zanzibar' } }),
      ),
      decodedMessage(
        { topic: 'stock-responses', offset: 0, timestamp: baseTime + 3000, headers: [tenantHeader('acme'), tenantHeader('initech')] },
        eventyRecord({ type: 'RESPONSE', namespace: 'urn:stock', name: 'ReserveResult', source: 'urn:stock', destination: 'urn:shipping', uuid: 'resp-2' }),
      ),
      undecodableMessage({ offset: 1, timestamp: baseTime + 4000, headers: [{ key: 'bin', value: '//4=', encoding: 'base64' }] }, Buffer.from('junk')),
    ]);
  });
  afterAll(async () => {
    await Promise.all([store, timeline, ...extra].map((s) => s.close()));
    await harness.cleanup();
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
      const big = await fresh();
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
    });

    it('orders messages of one millisecond by offset and keeps those whose preferred ids collide', async () => {
      const crowded = await fresh();
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

  });

  async function timelineUuids(filters: Partial<RecordQuery>): Promise<string[]> {
    const page = await timeline.queryRecords(recordQuerySchema.parse(filters));
    return page.items.map((item) => item.record?.uuid ?? item.id);
  }

  describe('timeline filters', () => {
    it.each([
      [{ destination: 'urn:orders' }, ['resp-1']],
      [{ requestUuid: 'req-1' }, ['resp-1']],
      [{ requestUuid: 'req-1', kind: 'response' }, ['resp-1']],
      [{ requestUuid: 'resp-1' }, []],
      [{ destination: 'urn:billing' }, []],
      // a request's source is its sender (urn:orders here); its namespace, the handler, is not matched
      [{ service: 'urn:orders' }, ['resp-1', 'req-1', 'ev-0']],
      [{ service: 'urn:billing' }, ['resp-1']],
      [{ service: 'urn:shipping' }, ['resp-2']],
      [{ service: 'urn:nobody' }, []],
      [{ header: 'traceparent' }, ['req-1', 'ev-0']],
      [{ header: 'traceparent', headerValue: traceHeader(1).value }, ['req-1', 'ev-0']],
      [{ header: 'traceparent', headerValue: traceHeader(2).value }, []],
      [{ header: 'tenant', headerValue: 'acme' }, ['resp-2', 'ev-0']],
      [{ header: 'tenant', headerValue: 'initech' }, ['resp-2']],
      [{ header: 'Tenant' }, []],
      [{ header: 'tenant', headerValue: '' }, []],
      [{ header: 'bin', headerValue: '//4=' }, ['orders-events:0:1']],
    ] as const)('filters by %o', async (filters, expected) => {
      expect(await timelineUuids(filters)).toEqual(expected);
    });

    it('combines them with each other, the other filters and q', async () => {
      expect(await timelineUuids({ service: 'urn:orders', kind: 'response' })).toEqual(['resp-1']);
      expect(await timelineUuids({ service: 'urn:orders', destination: 'urn:orders' })).toEqual(['resp-1']);
      expect(await timelineUuids({ service: 'urn:orders', q: 'zanzibar' })).toEqual(['resp-1', 'req-1']);
      expect(await timelineUuids({ service: 'urn:orders', q: 'zanzibar', header: 'traceparent' })).toEqual(['req-1']);
      expect(await timelineUuids({ header: 'tenant', headerValue: 'globex', q: 'zanzibar', topic: 'billing-responses' })).toEqual(['resp-1']);
      expect(await timelineUuids({ header: 'tenant', source: 'urn:orders' })).toEqual(['ev-0']);
      expect(await timelineUuids({ destination: 'urn:orders', to: new Date(baseTime + 1999).toISOString() })).toEqual([]);
    });

    it('rejects headerValue without header', () => {
      const parsed = recordQuerySchema.safeParse({ headerValue: 'x' });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]).toMatchObject({ path: ['headerValue'], message: 'headerValue needs header: give the header name too' });
    });
  });

  describe('timeline filters over pages', () => {
    it('walk every match exactly once, newest first, with q and a cursor', async () => {
      const big = await fresh();
      const services = ['urn:orders', 'urn:billing', 'urn:stock'];
      const rows = Array.from({ length: 900 }, (_, i) =>
        decodedMessage(
          { partition: i % 3, offset: i, timestamp: baseTime + i * 10, headers: i % 2 === 0 ? [tenantHeader(`t${i % 4}`)] : [] },
          i % 3 === 2
            ? eventyRecord({ type: 'RESPONSE', uuid: `u-${i}`, source: services[i % 3]!, destination: services[(i + 1) % 3]!, data: { word: i % 5 === 0 ? 'five' : 'other' } })
            : eventyRecord({ uuid: `u-${i}`, source: services[i % 3]!, data: { word: i % 5 === 0 ? 'five' : 'other' } }),
        ),
      );
      await big.insertBatch(rows.slice(0, 400));
      await big.insertBatch(rows.slice(400));
      const expectWalk = async (filters: Partial<RecordQuery>, keep: (i: number) => boolean) => {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await big.queryRecords(recordQuerySchema.parse({ ...filters, limit: 37, cursor }));
          seen.push(...page.items.map((item) => item.record!.uuid));
          cursor = page.nextCursor ?? undefined;
        } while (cursor !== undefined);
        const expected = rows.map((_, i) => i).filter(keep).reverse().map((i) => `u-${i}`);
        expect(seen).toEqual(expected);
      };
      // urn:orders is the source of i % 3 = 0 and the destination of responses with i % 3 = 2 (source urn:stock)
      await expectWalk({ service: 'urn:orders' }, (i) => i % 3 === 0 || i % 3 === 2);
      await expectWalk({ destination: 'urn:orders' }, (i) => i % 3 === 2);
      await expectWalk({ service: 'urn:billing', q: 'five' }, (i) => i % 3 === 1 && i % 5 === 0);
      await expectWalk({ header: 'tenant' }, (i) => i % 2 === 0);
      await expectWalk({ header: 'tenant', headerValue: 't2', service: 'urn:stock' }, (i) => i % 4 === 2 && i % 3 === 2);
      await expectWalk({ header: 'tenant', headerValue: 't0', q: 'other' }, (i) => i % 4 === 0 && i % 5 !== 0);
    });
  });
}

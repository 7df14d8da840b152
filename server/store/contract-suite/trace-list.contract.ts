import { describe, expect, it } from 'vitest';
import { InvalidCursorError, traceListQuerySchema, type RecordStore } from '../contract';
import { baseTime, decodedMessage, eventyRecord, undecodableMessage } from '../sqlite/record-fixtures';
import { storesFor, type StoreHarness } from './store-harness';

export const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

/** A: orders → billing request → failed response, 3 s. B: one shipping event. C: orders event, then an inventory event 10 s later. */
export const traceFlow = [
  decodedMessage({ offset: 0, timestamp: baseTime, headers: [{ key: 'traceparent', value: traceparent, encoding: 'utf8' }] }, eventyRecord({ uuid: 'a0', correlation_id: 'A', name: 'OrderPlaced' })),
  decodedMessage(
    { topic: 'billing-requests', offset: 0, timestamp: baseTime + 1000 },
    eventyRecord({ type: 'REQUEST', uuid: 'a1', correlation_id: 'A', name: 'Charge', namespace: 'urn:billing', source: 'urn:orders' }),
  ),
  decodedMessage(
    { topic: 'billing-responses', offset: 0, timestamp: baseTime + 3000 },
    eventyRecord({ type: 'RESPONSE', uuid: 'a2', correlation_id: 'A', name: 'ChargeResult', source: 'urn:billing', destination: 'urn:orders', request_uuid: 'a1', ok: false }),
  ),
  decodedMessage({ topic: 'shipping-events', offset: 0, timestamp: baseTime + 5000 }, eventyRecord({ uuid: 'b0', correlation_id: 'B', name: 'Shipped', source: 'urn:shipping' })),
  decodedMessage({ offset: 1, timestamp: baseTime + 6000 }, eventyRecord({ uuid: 'c0', correlation_id: 'C', name: 'OrderPlaced' })),
  decodedMessage({ topic: 'stock-events', offset: 0, timestamp: baseTime + 16_000 }, eventyRecord({ uuid: 'c1', correlation_id: 'C', name: 'Reserved', source: 'urn:stock' })),
  undecodableMessage({ offset: 2, timestamp: baseTime + 20_000 }, Buffer.from('not json')),
];

/** the correlation ids of the first page for these filters */
export async function traceIds(store: RecordStore, filters: Record<string, unknown> = {}): Promise<string[]> {
  const page = await store.listTraces(traceListQuerySchema.parse(filters));
  return page.items.map((item) => item.correlationId);
}

/** The trace list: one summary per correlation id kept at ingest, filtered and paged newest first. */
export function describeTraceList(harness: StoreHarness): void {
  const openStore = storesFor(harness);


  describe('listTraces', () => {
    it('summarises each correlation: times, count, services, root name, status and traceparent', async () => {
      const store = await openStore();
      await store.insertBatch(traceFlow);
      const { items, nextCursor } = await store.listTraces(traceListQuerySchema.parse({}));
      expect(nextCursor).toBeNull();
      expect(items.map((item) => item.correlationId)).toEqual(['C', 'B', 'A']);
      expect(items[2]).toEqual({
        correlationId: 'A',
        startedAt: new Date(baseTime).toISOString(),
        endedAt: new Date(baseTime + 3000).toISOString(),
        durationMs: 3000,
        recordCount: 3,
        services: ['billing', 'orders'],
        rootName: 'OrderPlaced',
        status: 'error',
        errorCount: 1,
        traceparent,
      });
      expect(items[0]).toMatchObject({ recordCount: 2, durationMs: 10_000, services: ['orders', 'stock'], status: 'ok', traceparent: null });
    });

    it('merges later batches into the summary, and an earlier record moves the start and the root name', async () => {
      const store = await openStore();
      await store.insertBatch(traceFlow.slice(1, 3));
      expect((await store.listTraces(traceListQuerySchema.parse({}))).items[0]).toMatchObject({ rootName: 'Charge', recordCount: 2, durationMs: 2000 });
      await store.insertBatch(traceFlow.slice(0, 3)); // two of three already stored: only the new one counts
      await store.insertBatch([decodedMessage({ topic: 'mail-events', offset: 0, timestamp: baseTime + 9000 }, eventyRecord({ uuid: 'a3', correlation_id: 'A', name: 'Mailed', source: 'urn:mail' }))]);
      const [a] = (await store.listTraces(traceListQuerySchema.parse({}))).items;
      expect(a).toMatchObject({ startedAt: new Date(baseTime).toISOString(), rootName: 'OrderPlaced', recordCount: 4, durationMs: 9000, errorCount: 1 });
      expect(a?.services).toEqual(['billing', 'mail', 'orders']);
    });

    it('filters by status, service (name or URN), minimum duration and start time', async () => {
      const store = await openStore();
      await store.insertBatch(traceFlow);
      expect(await traceIds(store, { status: 'error' })).toEqual(['A']);
      expect(await traceIds(store, { status: 'ok' })).toEqual(['C', 'B']);
      expect(await traceIds(store, { service: 'billing' })).toEqual(['A']);
      expect(await traceIds(store, { service: 'urn:orders' })).toEqual(['C', 'A']);
      expect(await traceIds(store, { service: 'order' })).toEqual([]);
      expect(await traceIds(store, { minDurationMs: '3000' })).toEqual(['C', 'A']);
      expect(await traceIds(store, { minDurationMs: '3001' })).toEqual(['C']);
      expect(await traceIds(store, { minDurationMs: '10000' })).toEqual(['C']);
      expect(await traceIds(store, { minDurationMs: '10001' })).toEqual([]);
      expect(await traceIds(store, { from: new Date(baseTime + 5000).toISOString() })).toEqual(['C', 'B']);
      expect(await traceIds(store, { to: new Date(baseTime + 5000).toISOString() })).toEqual(['B', 'A']);
      expect(await traceIds(store, { status: 'ok', service: 'orders', to: new Date(baseTime + 5000).toISOString() })).toEqual([]);
    });

    it('finds a trace by service once, under its current start, after an earlier record moved that start', async () => {
      const store = await openStore();
      await store.insertBatch(traceFlow.slice(1, 3));
      await store.insertBatch(traceFlow.slice(0, 1));
      const page = await store.listTraces(traceListQuerySchema.parse({ service: 'billing' }));
      expect(page.items).toEqual([expect.objectContaining({ correlationId: 'A', startedAt: new Date(baseTime).toISOString(), recordCount: 3 })]);
      expect(await traceIds(store, { service: 'orders', to: new Date(baseTime).toISOString() })).toEqual(['A']);
      expect(await traceIds(store, { service: 'orders', from: new Date(baseTime + 1).toISOString() })).toEqual([]);
    });

    it('pages newest first with a cursor, ties on the start time broken by correlation id', async () => {
      const store = await openStore();
      const same = ['t1', 't2', 't3', 't4', 't5'].map((id, offset) => decodedMessage({ offset, timestamp: baseTime }, eventyRecord({ uuid: id, correlation_id: id })));
      await store.insertBatch(same);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listTraces(traceListQuerySchema.parse({ limit: '2', ...(cursor ? { cursor } : {}) }));
        seen.push(...page.items.map((item) => item.correlationId));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(['t5', 't4', 't3', 't2', 't1']);
    });

    it('refuses a malformed cursor', async () => {
      const store = await openStore();
      for (const cursor of ['nope!', Buffer.from('[1]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')]) {
        await expect(store.listTraces(traceListQuerySchema.parse({ cursor }))).rejects.toBeInstanceOf(InvalidCursorError);
      }
    });
  });
}

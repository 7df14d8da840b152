import { describe, expect, it } from 'vitest';
import type { RecordStore } from '../contract';
import { traceListQuerySchema } from '../contract';
import { baseTime, decodedMessage, eventyRecord, undecodableMessage } from '../sqlite/record-fixtures';
import { storesFor, type StoreHarness } from './store-harness';

const dayMs = 86_400_000;
const dayStart = Math.floor(baseTime / dayMs) * dayMs;
/** 10:30 on the newest day of the fixtures */
const now = baseTime;

/** Three days of records: two days ago (offsets 0–2), yesterday (10–12), today (20–22); correlation X spans the first two. */
function threeDays() {
  const at = (offset: number, ts: number, correlation: string, ok?: boolean) =>
    decodedMessage({ offset, timestamp: ts }, eventyRecord({ uuid: `u-${offset}`, correlation_id: correlation, ...(ok === undefined ? {} : { type: 'RESPONSE', ok }) }));
  return [
    at(0, dayStart - 2 * dayMs + 1000, 'X'),
    at(1, dayStart - 2 * dayMs + 2000, 'A', false),
    undecodableMessage({ offset: 2, timestamp: dayStart - 2 * dayMs + 3000 }, Buffer.from('garbage')),
    at(10, dayStart - dayMs + 1000, 'X'),
    at(11, dayStart - dayMs + 2000, 'B'),
    at(12, dayStart - dayMs + 3000, 'B'),
    at(20, dayStart + 1000, 'C'),
    at(21, dayStart + 2000, 'C'),
    at(22, dayStart + 3000, 'C'),
  ];
}

async function offsets(store: RecordStore): Promise<number[]> {
  return (await store.queryRecords({ limit: 100 })).items.map((item) => item.offset).sort((a, b) => a - b);
}

/** Retention: whole days by age or by size, protected records kept, counts and trace summaries following. */
export function describeRetention(harness: StoreHarness): void {
  const openStore = storesFor(harness);

  describe('applyRetention', () => {
    it('deletes the days older than the maximum age, keeps the protected records, and counts and traces follow', async () => {
      const store = await openStore();
      await store.insertBatch(threeDays());
      const result = await store.applyRetention({ maxAgeMs: dayMs, maxBytes: null, keep: ['orders-events:0:1'], now });
      expect(result).toMatchObject({ deletedRecords: 2, keptProtected: 1 });
      expect(result.oldestRecordAt).toBe(new Date(dayStart - 2 * dayMs + 2000).toISOString());
      expect(await offsets(store)).toEqual([1, 10, 11, 12, 20, 21, 22]);
      expect(await store.getRecord('orders-events:0:0')).toBeNull();
      expect(await store.getRecord('orders-events:0:1')).toMatchObject({ offset: 1 });
      expect((await store.queryRecords({ limit: 10, correlationId: 'A' })).items).toHaveLength(1);
      expect(await store.stats()).toMatchObject({ recordCount: 7, topics: [{ topic: 'orders-events', records: 7, undecodable: 0 }] });
      const traces = await store.listTraces(traceListQuerySchema.parse({}));
      expect(Object.fromEntries(traces.items.map((t) => [t.correlationId, t.recordCount]))).toEqual({ A: 1, B: 2, C: 3, X: 1 });
      expect(traces.items.find((t) => t.correlationId === 'A')).toMatchObject({ status: 'error', errorCount: 1 });
    });

    it('is a no-op once applied, and without limits', async () => {
      const store = await openStore();
      await store.insertBatch(threeDays());
      await store.applyRetention({ maxAgeMs: dayMs, maxBytes: null, keep: [], now });
      expect(await store.applyRetention({ maxAgeMs: dayMs, maxBytes: null, keep: [], now })).toMatchObject({ deletedRecords: 0 });
      expect(await store.applyRetention({ maxAgeMs: null, maxBytes: null, keep: [], now: now + 100 * dayMs })).toMatchObject({ deletedRecords: 0 });
      expect(await offsets(store)).toEqual([10, 11, 12, 20, 21, 22]);
    });

    it('drops a trace whose records all went', async () => {
      const store = await openStore();
      await store.insertBatch(threeDays());
      await store.applyRetention({ maxAgeMs: 0, maxBytes: null, keep: [], now: dayStart + dayMs });
      expect((await store.listTraces(traceListQuerySchema.parse({}))).items.map((t) => t.correlationId)).toEqual([]);
      expect(await store.stats()).toMatchObject({ recordCount: 0 });
    });

    it('deletes the oldest days while the store is larger than the maximum size, never the newest day', async () => {
      const store = await openStore();
      await store.insertBatch(threeDays());
      const result = await store.applyRetention({ maxAgeMs: null, maxBytes: 1, keep: ['orders-events:0:11'], now });
      expect(result.deletedRecords).toBe(5);
      expect(await offsets(store)).toEqual([11, 20, 21, 22]);
    });

    it('stores, shows and later deletes a late record of a day that already expired', async () => {
      const store = await openStore();
      await store.insertBatch(threeDays());
      await store.applyRetention({ maxAgeMs: dayMs, maxBytes: null, keep: [], now });
      const late = decodedMessage({ offset: 3, timestamp: dayStart - 2 * dayMs + 5000 }, eventyRecord({ uuid: 'late', correlation_id: 'L' }));
      expect(await store.insertBatch([late])).toBe(1);
      expect(await store.getRecord('orders-events:0:3')).toMatchObject({ offset: 3 });
      expect(await store.applyRetention({ maxAgeMs: dayMs, maxBytes: null, keep: [], now })).toMatchObject({ deletedRecords: 1 });
      expect(await store.getRecord('orders-events:0:3')).toBeNull();
    });

    it('never deletes by age a record whose timestamp is unusable', async () => {
      const store = await openStore();
      await store.insertBatch([decodedMessage({ offset: 0, timestamp: -1 }), decodedMessage({ offset: 1, timestamp: 0 })]);
      expect(await store.applyRetention({ maxAgeMs: dayMs, maxBytes: null, keep: [], now })).toMatchObject({ deletedRecords: 0 });
      expect(await offsets(store)).toEqual([0, 1]);
    });
  });
}

import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { LagSample } from './contract';
import type { LagHistoryStore } from './history-store';

/** How the lag-history suite gets histories of one engine. */
export interface LagHistoryHarness {
  /** a new, empty history, or the one made earlier at `at` opened again (a restart) */
  open(at?: string): Promise<{ history: LagHistoryStore; at: string }>;
  cleanup(): Promise<void>;
}

const t0 = Date.parse('2026-01-01T00:00:00Z');

export const lagSample = (i: number, partition: number, committedOffset: number | null, lagRecords: number, groupId = 'billing'): LagSample => ({
  time: new Date(t0 + i * 15_000).toISOString(),
  groupId,
  topic: 'orders',
  partition,
  committedOffset,
  highWatermark: (committedOffset ?? 0) + lagRecords,
  lagRecords,
  lagSeconds: lagRecords === 0 ? 0 : i,
});
const sample = lagSample;

/** What every lag history does, whatever its engine (SQLite file or shared PostgreSQL). */
export function describeLagHistoryStore(harness: LagHistoryHarness): void {
  let history: LagHistoryStore | undefined;
  afterEach(() => history?.close());
  afterAll(() => harness.cleanup());
  const fresh = async () => (history = (await harness.open()).history);

  describe('the lag history store', () => {
    it('keeps samples per group and answers a time range, oldest first', async () => {
      const h = await fresh();
      expect(await h.insertSamples([sample(0, 0, 1, 2), sample(0, 1, null, 3), sample(1, 0, 2, 2), sample(1, 0, 2, 2, 'audit'), sample(2, 0, 3, 1)])).toBe(true);
      expect((await h.querySamples('billing', t0, t0 + 15_000)).map((s) => [s.time, s.partition, s.committedOffset, s.lagRecords])).toEqual([
        ['2026-01-01T00:00:00.000Z', 0, 1, 2],
        ['2026-01-01T00:00:00.000Z', 1, null, 3],
        ['2026-01-01T00:00:15.000Z', 0, 2, 2],
      ]);
      expect(await h.querySamples('nobody', 0, Infinity)).toEqual([]);
    });

    it('keeps every field, offsets beyond 32 bits included, and lets a later sample of the same partition and time replace it', async () => {
      const h = await fresh();
      const big = { ...sample(0, 0, 2 ** 40, 7), highWatermark: 2 ** 40 + 7, lagSeconds: 1.5 };
      await h.insertSamples([sample(0, 0, 1, 2), big]);
      await h.insertSamples([sample(1, 0, null, 3)]);
      await h.insertSamples([{ ...sample(1, 0, 3, 0), lagSeconds: null }]);
      expect(await h.querySamples('billing', 0, Infinity)).toEqual([big, { ...sample(1, 0, 3, 0), lagSeconds: null }]);
    });

    it('sums a group over its partitions per sampling time and thins long ranges to the worst of each bucket', async () => {
      const h = await fresh();
      await h.insertSamples([sample(0, 0, 1, 2), sample(0, 1, null, 3), sample(1, 0, 2, 4), sample(1, 1, null, 3), sample(2, 0, 2, 1)]);
      expect(await h.queryGroupSeries('billing', t0, t0 + 60_000)).toEqual([
        { time: '2026-01-01T00:00:00.000Z', lagRecords: 5, lagSeconds: 0, partitions: 2 },
        { time: '2026-01-01T00:00:15.000Z', lagRecords: 7, lagSeconds: 1, partitions: 2 },
        { time: '2026-01-01T00:00:30.000Z', lagRecords: 1, lagSeconds: 2, partitions: 1 },
      ]);
      expect((await h.queryGroupSeries('billing', t0, t0 + 59_999, 2)).map((p) => p.lagRecords)).toEqual([7, 1]);
    });

    it('finds since when a partition lagged with an unmoved committed offset', async () => {
      const h = await fresh();
      await h.insertSamples([sample(0, 0, 5, 1), sample(1, 0, 7, 0), sample(2, 0, 7, 2), sample(3, 0, 7, 3), sample(0, 1, null, 3), sample(1, 1, null, 4)]);
      expect(await h.unmovedLaggingSince('billing', 'orders', 0, 7)).toBe(t0 + 30_000);
      expect(await h.unmovedLaggingSince('billing', 'orders', 0, 8)).toBeNull();
      expect(await h.unmovedLaggingSince('billing', 'orders', 1, null)).toBe(t0);
      expect(await h.unmovedLaggingSince('billing', 'orders', 2, null)).toBeNull();
    });

    it('prunes samples older than the retention and reopens at the same schema', async () => {
      const { history: h, at } = await harness.open();
      history = h;
      await h.insertSamples([sample(0, 0, 1, 2), sample(4, 0, 1, 2)]);
      expect(await h.pruneBefore(t0 + 30_000)).toBe(1);
      await h.close();
      history = (await harness.open(at)).history;
      expect(await history.querySamples('billing', 0, Infinity)).toHaveLength(1);
    });

    it('thins old samples to the first per partition and bucket, leaving newer ones alone', async () => {
      const h = await fresh();
      // every 15 s for 3 minutes on two partitions
      await h.insertSamples(Array.from({ length: 12 }, (_, i) => [sample(i, 0, 1, 2), sample(i, 1, 1, 2)]).flat());
      expect(await h.thin(t0, t0 + 120_000, 60_000)).toBe(2 * (8 - 2));
      const left = (await h.querySamples('billing', 0, Infinity)).filter((s) => s.partition === 0).map((s) => (Date.parse(s.time) - t0) / 1000);
      expect(left).toEqual([0, 60, 120, 135, 150, 165]);
    });
  });
}

import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/kafka-fixtures';
import type { LagSample } from './contract';
import { openLagHistoryStore, type LagHistoryStore } from './history-store';

const t0 = Date.parse('2026-01-01T00:00:00Z');
let history: LagHistoryStore | undefined;
afterEach(() => history?.close());

const sample = (i: number, partition: number, committedOffset: number | null, lagRecords: number, groupId = 'billing'): LagSample => ({
  time: new Date(t0 + i * 15_000).toISOString(),
  groupId,
  topic: 'orders',
  partition,
  committedOffset,
  highWatermark: (committedOffset ?? 0) + lagRecords,
  lagRecords,
  lagSeconds: lagRecords === 0 ? 0 : i,
});

describe('the lag history store', () => {
  it('keeps samples per group and answers a time range, oldest first', () => {
    history = openLagHistoryStore(tempDir('lag-history'));
    history.insertSamples([sample(0, 0, 1, 2), sample(0, 1, null, 3), sample(1, 0, 2, 2), sample(1, 0, 2, 2, 'audit'), sample(2, 0, 3, 1)]);
    expect(history.querySamples('billing', t0, t0 + 15_000).map((s) => [s.time, s.partition, s.committedOffset, s.lagRecords])).toEqual([
      ['2026-01-01T00:00:00.000Z', 0, 1, 2],
      ['2026-01-01T00:00:00.000Z', 1, null, 3],
      ['2026-01-01T00:00:15.000Z', 0, 2, 2],
    ]);
    expect(history.querySamples('nobody', 0, Infinity)).toEqual([]);
  });

  it('sums a group over its partitions per sampling time and thins long ranges to the worst of each bucket', () => {
    history = openLagHistoryStore(tempDir('lag-history'));
    history.insertSamples([sample(0, 0, 1, 2), sample(0, 1, null, 3), sample(1, 0, 2, 4), sample(1, 1, null, 3), sample(2, 0, 2, 1)]);
    expect(history.queryGroupSeries('billing', t0, t0 + 60_000)).toEqual([
      { time: '2026-01-01T00:00:00.000Z', lagRecords: 5, lagSeconds: 0, partitions: 2 },
      { time: '2026-01-01T00:00:15.000Z', lagRecords: 7, lagSeconds: 1, partitions: 2 },
      { time: '2026-01-01T00:00:30.000Z', lagRecords: 1, lagSeconds: 2, partitions: 1 },
    ]);
    expect(history.queryGroupSeries('billing', t0, t0 + 59_999, 2).map((p) => p.lagRecords)).toEqual([7, 1]);
  });

  it('finds since when a partition lagged with an unmoved committed offset', () => {
    history = openLagHistoryStore(tempDir('lag-history'));
    history.insertSamples([sample(0, 0, 5, 1), sample(1, 0, 7, 0), sample(2, 0, 7, 2), sample(3, 0, 7, 3), sample(0, 1, null, 3), sample(1, 1, null, 4)]);
    expect(history.unmovedLaggingSince('billing', 'orders', 0, 7)).toBe(t0 + 30_000);
    expect(history.unmovedLaggingSince('billing', 'orders', 0, 8)).toBeNull();
    expect(history.unmovedLaggingSince('billing', 'orders', 1, null)).toBe(t0);
    expect(history.unmovedLaggingSince('billing', 'orders', 2, null)).toBeNull();
  });

  it('prunes samples older than the retention and reopens at the same schema', () => {
    const dir = tempDir('lag-history');
    history = openLagHistoryStore(dir);
    history.insertSamples([sample(0, 0, 1, 2), sample(4, 0, 1, 2)]);
    expect(history.pruneBefore(t0 + 30_000)).toBe(1);
    history.close();
    history = openLagHistoryStore(dir);
    expect(history.querySamples('billing', 0, Infinity)).toHaveLength(1);
  });

  it('thins old samples to the first per partition and bucket, leaving newer ones alone', () => {
    history = openLagHistoryStore(tempDir('lag-history'));
    // every 15 s for 3 minutes on two partitions
    history.insertSamples(Array.from({ length: 12 }, (_, i) => [sample(i, 0, 1, 2), sample(i, 1, 1, 2)]).flat());
    expect(history.thin(t0, t0 + 120_000, 60_000)).toBe(2 * (8 - 2));
    const left = history.querySamples('billing', 0, Infinity).filter((s) => s.partition === 0).map((s) => (Date.parse(s.time) - t0) / 1000);
    expect(left).toEqual([0, 60, 120, 135, 150, 165]);
  });
});

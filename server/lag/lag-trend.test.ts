import { describe, expect, it } from 'vitest';
import { computeLagTrend, type TrendSample } from './lag-trend';

/** Samples 15 s apart from (position, high watermark) pairs. */
const samples = (...points: [position: number, highWatermark: number][]): TrendSample[] =>
  points.map(([position, highWatermark], i) => ({ timeMs: i * 15_000, position, highWatermark, lagRecords: highWatermark - position }));

describe('computeLagTrend', () => {
  it('estimates the catch-up time from consume and produce rates', () => {
    // consumes 3 records/s while 1 record/s is produced: gains 2/s on a lag of 30 → 15 s
    const trend = computeLagTrend(samples([0, 120], [45, 135], [90, 150], [135, 165]));
    expect(trend).toEqual({ consumeRate: 3, produceRate: 1, catchUpSeconds: 15, fallingBehind: false });
  });

  it('uses the window from its first to its last sample, whatever happened between', () => {
    const trend = computeLagTrend(samples([0, 100], [0, 115], [60, 130]));
    expect(trend).toEqual({ consumeRate: 2, produceRate: 1, catchUpSeconds: 70, fallingBehind: false });
  });

  it('is 0 without lag, and null when the lag does not shrink', () => {
    expect(computeLagTrend(samples([0, 0], [15, 15])).catchUpSeconds).toBe(0);
    expect(computeLagTrend(samples([0, 10], [15, 25])).catchUpSeconds).toBeNull();
    expect(computeLagTrend(samples([5, 10], [5, 10])).catchUpSeconds).toBeNull();
  });

  it('knows no rate from one sample or none', () => {
    expect(computeLagTrend([])).toEqual({ consumeRate: null, produceRate: null, catchUpSeconds: null, fallingBehind: false });
    expect(computeLagTrend(samples([0, 10]))).toEqual({ consumeRate: null, produceRate: null, catchUpSeconds: null, fallingBehind: false });
    expect(computeLagTrend(samples([10, 10])).catchUpSeconds).toBe(0);
  });

  it('is falling behind when the lag grows over at least three samples without ever shrinking', () => {
    expect(computeLagTrend(samples([0, 10], [5, 20], [10, 30])).fallingBehind).toBe(true);
    // a stuck consumer with records still coming
    expect(computeLagTrend(samples([7, 10], [7, 12], [7, 12], [7, 13])).fallingBehind).toBe(true);
  });

  it('is not falling behind on two samples, a flat lag, or a lag that shrank once in the window', () => {
    expect(computeLagTrend(samples([0, 10], [5, 20])).fallingBehind).toBe(false);
    expect(computeLagTrend(samples([0, 10], [10, 20], [20, 30])).fallingBehind).toBe(false);
    expect(computeLagTrend(samples([0, 10], [5, 20], [18, 25], [20, 40])).fallingBehind).toBe(false);
  });

  it('counts rates never negative when the high watermark or position seems to go back (a recreated topic)', () => {
    const trend = computeLagTrend(samples([50, 100], [0, 10]));
    expect(trend.consumeRate).toBe(0);
    expect(trend.produceRate).toBe(0);
    expect(trend.catchUpSeconds).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { createTrafficStats, formatStatsLine, totalProduced } from './traffic-stats';

describe('traffic stats', () => {
  it('counts records per topic, malformed ones and skipped ones', () => {
    const stats = createTrafficStats();
    stats.recordProduced('orders-events', false);
    stats.recordProduced('orders-events', true);
    stats.recordProduced('billing-requests', false);
    stats.recordSkipped();
    const counts = stats.counts();
    expect(totalProduced(counts)).toBe(3);
    expect(formatStatsLine(counts, 10.2, 1, 10)).toBe('demo t=10s produced=3 (0.2/s) malformed=1 skipped-undecodable=1 | billing-requests=1 orders-events=2');
  });

  it('hands out a snapshot that later counting does not change', () => {
    const stats = createTrafficStats();
    const before = stats.counts();
    stats.recordProduced('orders-events', false);
    expect(totalProduced(before)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { advanceStillness, stuckSince, type Stillness } from './stuck-partition';

const minute = 60_000;
const t0 = Date.parse('2026-01-01T00:00:00Z');

/** Folds (committedOffset, lagRecords) samples one minute apart. */
function fold(points: [committed: number | null, lag: number][], start?: Stillness): Stillness {
  return points.reduce<Stillness | undefined>((s, [committed, lag], i) => advanceStillness(s, committed, lag, t0 + i * minute), start) as Stillness;
}

describe('stuck partitions', () => {
  it('are stuck once the committed offset stayed put with lag for the threshold, since the first lagging sample', () => {
    const s = fold([[7, 0], [7, 3], [7, 4], [7, 6], [7, 9], [7, 9], [7, 12]]);
    expect(s.laggingSinceMs).toBe(t0 + minute);
    expect(stuckSince(s, t0 + 5 * minute, 5 * minute)).toBeNull();
    expect(stuckSince(s, t0 + 6 * minute, 5 * minute)).toBe('2026-01-01T00:01:00.000Z');
  });

  it('restart the clock whenever the committed offset moves', () => {
    const s = fold([[1, 5], [1, 5], [2, 5], [2, 5]]);
    expect(s.laggingSinceMs).toBe(t0 + 2 * minute);
    expect(stuckSince(s, t0 + 6 * minute, 5 * minute)).toBeNull();
  });

  it('are never stuck without lag', () => {
    const s = fold([[4, 2], [4, 2], [4, 0]]);
    expect(s.laggingSinceMs).toBeNull();
    expect(stuckSince(s, t0 + 60 * minute, minute)).toBeNull();
  });

  it('count never-committed partitions with lag too', () => {
    const s = fold([[null, 3], [null, 4], [null, 4]]);
    expect(stuckSince(s, t0 + 2 * minute, 2 * minute)).toBe('2026-01-01T00:00:00.000Z');
  });

  it('continue a stillness restored from history after a restart', () => {
    const restored: Stillness = { committedOffset: 7, laggingSinceMs: t0 - 30 * minute };
    const s = advanceStillness(restored, 7, 3, t0);
    expect(stuckSince(s, t0, 5 * minute)).toBe('2025-12-31T23:30:00.000Z');
  });
});

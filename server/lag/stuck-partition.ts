/** What the sampler remembers per partition between ticks to tell a stuck consumer from a slow one. */
export interface Stillness {
  committedOffset: number | null;
  /** since when the committed offset has not moved while records waited; null when nothing waits */
  laggingSinceMs: number | null;
}

/**
 * Folds one sample into a partition's stillness. The clock starts at the first sample that shows lag with this
 * committed offset: an idle consumer that last committed an hour ago is not stuck the moment a record arrives.
 */
export function advanceStillness(previous: Stillness | undefined, committedOffset: number | null, lagRecords: number, timeMs: number): Stillness {
  if (lagRecords === 0) return { committedOffset, laggingSinceMs: null };
  if (previous === undefined || previous.committedOffset !== committedOffset) return { committedOffset, laggingSinceMs: timeMs };
  return { committedOffset, laggingSinceMs: previous.laggingSinceMs ?? timeMs };
}

/** ISO start of the stillness once it lasted `thresholdMs`, else null. */
export function stuckSince(stillness: Stillness, nowMs: number, thresholdMs: number): string | null {
  const since = stillness.laggingSinceMs;
  return since !== null && nowMs - since >= thresholdMs ? new Date(since).toISOString() : null;
}

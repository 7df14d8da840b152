/** One partition's sample as the trend needs it; `position` is where the group resumes (high watermark − lag). */
export interface TrendSample {
  timeMs: number;
  position: number;
  highWatermark: number;
  lagRecords: number;
}

export interface LagTrend {
  /** records per second the group moved its position over the window; null with fewer than 2 samples */
  consumeRate: number | null;
  /** records per second appended to the partition over the window */
  produceRate: number | null;
  /** lag ÷ (consume rate − produce rate); 0 without lag, null when the lag does not shrink or the rates are unknown */
  catchUpSeconds: number | null;
  fallingBehind: boolean;
}

/** The sampler keeps this many recent samples per partition: one minute at the default 15 s. */
export const trendWindowSamples = 5;
/** Fewer samples than this never count as falling behind: two points are a step, not a trend. */
export const minFallingBehindSamples = 3;

/**
 * Rates over the window from its first to its last sample, oldest first.
 * Falling behind: at least `minFallingBehindSamples` samples, the lag never shrank from one to the next,
 * and the last is larger than the first — a consumer that takes records in bursts and sometimes gains does not count.
 */
export function computeLagTrend(window: readonly TrendSample[]): LagTrend {
  const first = window[0];
  const last = window.at(-1);
  if (first === undefined || last === undefined) return { consumeRate: null, produceRate: null, catchUpSeconds: null, fallingBehind: false };
  const seconds = (last.timeMs - first.timeMs) / 1000;
  if (seconds <= 0) {
    return { consumeRate: null, produceRate: null, catchUpSeconds: last.lagRecords === 0 ? 0 : null, fallingBehind: false };
  }
  const consumeRate = Math.max(last.position - first.position, 0) / seconds;
  const produceRate = Math.max(last.highWatermark - first.highWatermark, 0) / seconds;
  const gain = consumeRate - produceRate;
  const catchUpSeconds = last.lagRecords === 0 ? 0 : gain > 0 ? last.lagRecords / gain : null;
  const neverShrank = window.every((s, i) => i === 0 || s.lagRecords >= (window[i - 1] as TrendSample).lagRecords);
  const fallingBehind = window.length >= minFallingBehindSamples && neverShrank && last.lagRecords > first.lagRecords;
  return { consumeRate, produceRate, catchUpSeconds, fallingBehind };
}

/** Latency percentiles of an async operation, measured warm. */

export interface Latency {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentiles(times: number[]): Latency {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return { samples: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
}

/** Runs `operation(i)` `warmup` times untimed, then `samples` times one after another, timing each. */
export async function measureLatency(samples: number, operation: (i: number) => Promise<unknown>, warmup = 20): Promise<Latency> {
  for (let i = 0; i < warmup; i++) await operation(samples + i);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await operation(i);
    times.push(performance.now() - start);
  }
  return percentiles(times);
}

/** The timeline query measurements shared by bench:query (1M, SQLite) and bench:scale (10M, SQLite and PostgreSQL). */
import { recordQuerySchema } from '../../server/store/contract';
import type { BenchStore } from './bench-record-store';
import { measureLatency, type Latency } from './latency';

export interface Row {
  label: string;
  latency: Latency;
  targetMs: number;
  /** which percentile the target applies to */
  on: 'p95' | 'p99';
  note?: string;
}

export interface QueryReporter {
  rows: Row[];
  report: (row: Row) => void;
}

const ms = (value: number): string => `${value.toFixed(1)} ms`;

export function createQueryReporter(say: (line: string) => void): QueryReporter {
  const rows: Row[] = [];
  return {
    rows,
    report: (row) => {
      rows.push(row);
      const { latency: l } = row;
      const pass = l[row.on] <= row.targetMs;
      say(`  ${row.label.padEnd(44)} p50 ${ms(l.p50).padStart(9)}  p95 ${ms(l.p95).padStart(9)}  p99 ${ms(l.p99).padStart(9)}  max ${ms(l.max).padStart(9)}  (${l.samples} samples)` +
        `  target ${row.on} ≤ ${row.targetMs} ms → ${pass ? 'PASS' : 'FAIL'}${row.note ? `  ${row.note}` : ''}`);
    },
  };
}

/** Timeline first page, source + kind, correlation lookup and three kinds of full-text search; returns the lookup latency. */
export async function measureQueryLatencies(
  { store, facts }: Pick<BenchStore, 'store' | 'facts'>,
  { report }: QueryReporter,
  samples: number,
  pick: <T>(items: readonly T[]) => T,
  correlationTarget: { on: 'p95' | 'p99'; targetMs: number } = { on: 'p95', targetMs: 100 },
): Promise<Latency> {
  const page = async (filters: Record<string, unknown>): Promise<number> => (await store.queryRecords(recordQuerySchema.parse({ limit: 50, ...filters }))).items.length;
  const hits: number[] = [];
  const counting = (filters: () => Record<string, unknown>) => async () => void hits.push(await page(filters()));
  const mean = (): string => {
    const m = hits.reduce((a, b) => a + b, 0) / Math.max(1, hits.length);
    const empty = hits.filter((n) => n === 0).length;
    hits.length = 0;
    return `mean ${m.toFixed(1)} rows/page${empty > 0 ? `, ${empty} empty pages` : ''}`;
  };
  const timeline = await measureLatency(samples, counting(() => ({})));
  report({ label: 'timeline, first page (limit 50)', latency: timeline, targetMs: 100, on: 'p95', note: mean() });
  const kinds = ['event', 'request', 'response'] as const;
  report({ label: 'source + kind', latency: await measureLatency(samples, counting(() => ({ source: pick(facts.sources), kind: pick(kinds) }))), targetMs: 100, on: 'p95', note: mean() });
  const lookup = await measureLatency(samples, counting(() => ({ correlationId: pick(facts.typicalCorrelationIds) })));
  report({ label: 'correlation id lookup', latency: lookup, ...correlationTarget, note: mean() });
  report({ label: 'q = word only in data.customer.address.city', latency: await measureLatency(samples, counting(() => ({ q: pick(facts.cities) }))), targetMs: 300, on: 'p95', note: mean() });
  report({ label: 'q = common word (10 most frequent)', latency: await measureLatency(samples, counting(() => ({ q: pick(facts.commonWords) }))), targetMs: 300, on: 'p95', note: mean() });
  report({ label: 'q = rare word (in 5..50 records)', latency: await measureLatency(samples, counting(() => ({ q: pick(facts.rareWords) }))), targetMs: 300, on: 'p95', note: mean() });
  return lookup;
}

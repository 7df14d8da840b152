/** Seconds as short human text: "45 s", "3 min 12 s", "2 h 5 min", "3 d 4 h". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const [d, h, m] = [Math.floor(s / 86_400), Math.floor((s % 86_400) / 3_600), Math.floor((s % 3_600) / 60)];
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return s % 60 > 0 ? `${m} min ${s % 60} s` : `${m} min`;
}

export function formatLagSeconds(lagSeconds: number | null): string {
  return lagSeconds === null ? 'unknown' : formatDuration(lagSeconds);
}

export function formatCatchUp(lagRecords: number, catchUpSeconds: number | null, fallingBehind: boolean): string {
  if (lagRecords === 0) return 'caught up';
  if (catchUpSeconds === 0) return 'caught up';
  if (catchUpSeconds !== null) return `~${formatDuration(catchUpSeconds)}`;
  return fallingBehind ? 'not catching up' : '—';
}

/** The time ranges the history chart offers, as `?range=` values. */
export const historyRanges = { '1h': 3_600_000, '6h': 21_600_000, '24h': 86_400_000, '7d': 604_800_000 } as const;
export type HistoryRange = keyof typeof historyRanges;

export function parseHistoryRange(value: unknown): HistoryRange {
  return typeof value === 'string' && value in historyRanges ? (value as HistoryRange) : '1h';
}

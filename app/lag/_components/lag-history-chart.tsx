'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { LagSeriesPoint } from '@/server/lag';
import styles from '../lag.module.css';
import { formatDuration, historyRanges, type HistoryRange } from './format-lag';
import { lagHistoryQueryOptions } from './lag-history-query';

const [width, height, left, right, top, bottom] = [720, 160, 48, 48, 8, 18];

/** A group's lag in records (solid, left scale) and seconds (dashed, right scale) over the chosen range. */
export function LagHistoryChart({ groupId, range, rangeHref }: { groupId: string; range: HistoryRange; rangeHref: Record<HistoryRange, string> }) {
  const history = useQuery(lagHistoryQueryOptions(groupId, range));
  return (
    <section className={styles.chart} data-testid="lag-history-chart" aria-label={`Lag history of ${groupId}`}>
      <div className={styles.chartHeader}>
        <span className={styles.legend}>
          <span className={styles.legendRecords}>records</span>
          <span className={styles.legendSeconds}>seconds</span>
        </span>
        <nav className={styles.ranges} aria-label="Time range">
          {(Object.keys(historyRanges) as HistoryRange[]).map((r) => (
            <Link key={r} href={rangeHref[r]} aria-current={r === range} scroll={false} replace>
              {r}
            </Link>
          ))}
        </nav>
      </div>
      {history.isPending ? (
        <div className="muted">Loading history…</div>
      ) : history.isError ? (
        <div className="alert" role="alert">
          {history.error.message}
        </div>
      ) : history.data.samples.length === 0 ? (
        <div className="muted" data-testid="lag-history-empty">
          No samples in this range yet.
        </div>
      ) : (
        <Plot samples={history.data.samples} fromMs={Date.parse(history.data.from)} toMs={Date.parse(history.data.to)} />
      )}
    </section>
  );
}

function Plot({ samples, fromMs, toMs }: { samples: LagSeriesPoint[]; fromMs: number; toMs: number }) {
  const maxRecords = Math.max(1, ...samples.map((s) => s.lagRecords));
  const maxSeconds = Math.max(1, ...samples.map((s) => s.lagSeconds ?? 0));
  const x = (iso: string) => left + ((Date.parse(iso) - fromMs) / Math.max(toMs - fromMs, 1)) * (width - left - right);
  const y = (value: number, max: number) => top + (1 - value / max) * (height - top - bottom);
  const records = samples.map((s) => `${x(s.time).toFixed(1)},${y(s.lagRecords, maxRecords).toFixed(1)}`).join(' ');
  // a gap where the age was unknown, rather than a line through it
  const seconds = samples
    .filter((s) => s.lagSeconds !== null)
    .map((s) => `${x(s.time).toFixed(1)},${y(s.lagSeconds ?? 0, maxSeconds).toFixed(1)}`)
    .join(' ');
  const last = samples.at(-1) as LagSeriesPoint;
  const label = `${samples.length} samples; latest ${last.lagRecords} records behind, ${last.lagSeconds === null ? 'age unknown' : formatDuration(last.lagSeconds)}`;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} className={styles.svg} role="img" aria-label={label} data-samples={samples.length}>
      <line className={styles.grid} x1={left} x2={width - right} y1={height - bottom} y2={height - bottom} />
      <line className={styles.grid} x1={left} x2={width - right} y1={top} y2={top} />
      <text className={styles.axis} x={left - 4} y={top + 8} textAnchor="end">
        {maxRecords.toLocaleString('en')}
      </text>
      <text className={styles.axis} x={left - 4} y={height - bottom} textAnchor="end">
        0
      </text>
      <text className={styles.axis} x={width - right + 4} y={top + 8}>
        {formatDuration(maxSeconds)}
      </text>
      <text className={styles.axis} x={left} y={height - 4}>
        {new Date(fromMs).toLocaleString()}
      </text>
      <text className={styles.axis} x={width - right} y={height - 4} textAnchor="end">
        {new Date(toMs).toLocaleString()}
      </text>
      <polyline className={styles.records} points={records} data-testid="lag-history-records" />
      {seconds !== '' && <polyline className={styles.seconds} points={seconds} data-testid="lag-history-seconds" />}
    </svg>
  );
}

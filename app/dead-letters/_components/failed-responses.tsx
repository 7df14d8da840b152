'use client';
import type { RecordView } from '@/server/store/contract';
import Link from 'next/link';
import { LocalTime } from '../../_components/local-time';
import { traceHref } from '../../_lib/trace-filters';
import styles from '../dead-letters.module.css';
import { timelineRecordHref } from './requeue-actions';

/** Responses with `ok: false`: the errors Eventy services answer with, each a link to its trace. */
export function FailedResponses({ rows }: { rows: readonly RecordView[] }) {
  return (
    <div className={styles.scroll}>
      <table className={styles.table} data-testid="failed-responses">
        <thead>
          <tr>
            <th>Time</th>
            <th>Response</th>
            <th>From → to</th>
            <th>Error</th>
            <th>Trace</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const r = row.record;
            return (
              <tr key={row.id} data-testid="failed-response-row">
                <td>
                  <LocalTime iso={row.timestamp} compact />
                </td>
                <td>
                  <Link href={timelineRecordHref(row.id)}>{r?.name ?? row.id}</Link>
                </td>
                <td className="mono">
                  {r?.source} → {r?.destination}
                </td>
                <td className={styles.message}>
                  {r?.error_code !== null && r?.error_code !== undefined && <span className="badge error">{r.error_code}</span>} {r?.error_message ?? <span className="muted">no message</span>}
                </td>
                <td>{r && <Link href={traceHref(r.correlation_id)}>trace</Link>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

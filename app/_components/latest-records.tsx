import Link from 'next/link';
import type { RecordView } from '@/server/store/contract';
import { KindBadge } from './kind-badge';
import { LocalTime } from './local-time';

/** The newest records as a plain table; payload text is rendered as text, never as HTML. */
export function LatestRecords({ records }: { records: RecordView[] }) {
  if (records.length === 0) return <div className="empty">No records yet.</div>;
  return (
    <table data-testid="latest-records">
      <thead>
        <tr>
          <th>Time</th>
          <th>Kind</th>
          <th>Name</th>
          <th>Source</th>
          <th>Position</th>
          <th>Key</th>
          <th>Correlation id</th>
        </tr>
      </thead>
      <tbody>
        {records.map((r) => (
          <tr key={r.id}>
            <td>
              <LocalTime iso={r.timestamp} />
            </td>
            <td>
              <KindBadge record={r} />
            </td>
            <td>
              <Link href={`/records/${encodeURIComponent(r.id)}`} className={r.record ? undefined : 'error-text'}>
                {r.record?.name ?? r.error}
              </Link>
            </td>
            <td>{r.record?.source}</td>
            <td className="mono">{r.id}</td>
            <td className="mono">{r.key}</td>
            <td className="mono">{r.record?.correlation_id}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

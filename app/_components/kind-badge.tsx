import type { RecordView } from '@/server/store/contract';

/** The record's kind as a coloured badge; failed responses (`ok: false`) are marked as errors. */
export function KindBadge({ record }: { record: Pick<RecordView, 'kind' | 'record'> }) {
  if (record.kind === 'response' && record.record?.ok === false) return <span className="badge error">response · error</span>;
  return <span className={`badge ${record.kind}`}>{record.kind}</span>;
}

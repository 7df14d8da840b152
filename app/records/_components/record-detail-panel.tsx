'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { recordQueryOptions } from '../../_lib/queries';
import { RecordDetailView } from './record-detail-view';

/** The selected record beside the timeline; Escape or the close button closes it. */
export function RecordDetailPanel({ id, onClose }: { id: string; onClose: () => void }) {
  const detail = useQuery(recordQueryOptions(id));
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  useEffect(() => panel.current?.focus(), [id]);
  return (
    <aside className="detail-panel" aria-label="record detail" data-testid="detail-panel" tabIndex={-1} ref={panel}>
      <div className="detail-panel-bar">
        <Link href={`/records/${encodeURIComponent(id)}`}>Open full page</Link>
        <button type="button" onClick={onClose} aria-label="Close record detail">
          ✕
        </button>
      </div>
      {detail.isPending && <p className="muted">Loading record {id}…</p>}
      {detail.isError && (
        <div className="alert" role="alert">
          {detail.error.message}
        </div>
      )}
      {detail.data && <RecordDetailView detail={detail.data} />}
    </aside>
  );
}

'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef } from 'react';
import type { DeadLetterDetail } from '@/server/deadletters/contract';
import { LocalTime } from '../../_components/local-time';
import { deadLetterQueryOptions } from '../../_lib/queries';
import { useMe } from '../../_lib/use-me';
import { RecordDetailView } from '../../records/_components/record-detail-view';
import styles from '../dead-letters.module.css';
import { DeadLetterBadges } from './dead-letter-badges';
import { RequeueActions, timelineRecordHref } from './requeue-actions';

const conventionLabels = { spring: 'Spring Kafka headers', connect: 'Kafka Connect headers', 'eventy-lens': 'Eventy Lens headers (parked)', plain: 'no provenance headers' } as const;

function Provenance({ deadLetter }: { deadLetter: DeadLetterDetail }) {
  const p = deadLetter.provenance;
  const position = p.originalTopic === null ? null : [p.originalTopic, p.originalPartition, p.originalOffset].filter((part) => part !== null).join(':');
  return (
    <dl className="fields" data-testid="dl-provenance">
      <dt>Original</dt>
      <dd className="mono">
        {position === null ? (
          <span className="muted">unknown (set LENS_DLQ_ORIGINAL_TOPICS for {deadLetter.dlqTopic})</span>
        ) : deadLetter.originalRecordId !== null ? (
          <Link href={timelineRecordHref(deadLetter.originalRecordId)} data-testid="dl-original-link">
            {position}
          </Link>
        ) : (
          position
        )}
      </dd>
      {p.originalTimestamp !== null && (
        <>
          <dt>Original time</dt>
          <dd>
            <LocalTime iso={p.originalTimestamp} />
          </dd>
        </>
      )}
      <dt>Failed at</dt>
      <dd>
        <LocalTime iso={p.failedAt} />
      </dd>
      {p.consumerGroup !== null && (
        <>
          <dt>Consumer group</dt>
          <dd className="mono">{p.consumerGroup}</dd>
        </>
      )}
      <dt>Dead letter</dt>
      <dd className="mono">{deadLetter.id}</dd>
      <dt>Read from</dt>
      <dd>{conventionLabels[p.convention]}</dd>
    </dl>
  );
}

/** The selected dead letter beside the list: why it failed, where it came from, what was done, the actions and the payload. */
export function DeadLetterPanel({ id, onClose }: { id: string; onClose: () => void }) {
  const detail = useQuery(deadLetterQueryOptions(id));
  const { canOperate } = useMe();
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !(event.target instanceof HTMLTextAreaElement)) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  useEffect(() => panel.current?.focus(), [id]);
  const d = detail.data;
  return (
    <aside className="detail-panel" aria-label="dead letter" data-testid="dl-panel" tabIndex={-1} ref={panel}>
      <div className="detail-panel-bar">
        <Link href={`/records/${encodeURIComponent(id)}`}>Open record page</Link>
        <button type="button" onClick={onClose} aria-label="Close dead letter">
          ✕
        </button>
      </div>
      {detail.isPending && <p className="muted">Loading dead letter {id}…</p>}
      {detail.isError && (
        <div className="alert" role="alert">
          {detail.error.message}
        </div>
      )}
      {d && (
        <>
          <section className={styles.error} aria-label="error" data-testid="dl-error">
            <h2 className="mono">{d.provenance.errorClass ?? 'No error class recorded'}</h2>
            <p className={styles.message}>{d.provenance.errorMessage ?? 'No error message recorded.'}</p>
            <DeadLetterBadges requeue={d.requeue} failedAgain={d.failedAgain} />
          </section>
          <Provenance deadLetter={d} />
          {/* keyed by id: a new selection starts a new requeue */}
          <RequeueActions key={d.id} deadLetter={d} canOperate={canOperate} />
          <RecordDetailView detail={d.record} />
        </>
      )}
    </aside>
  );
}

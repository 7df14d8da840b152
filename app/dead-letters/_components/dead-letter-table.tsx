'use client';
import type { KeyboardEvent } from 'react';
import { useInfiniteRows } from '../../_lib/use-infinite-rows';
import type { DeadLetterView } from '@/server/deadletters/contract';
import { LocalTime } from '../../_components/local-time';
import styles from '../dead-letters.module.css';
import { DeadLetterBadges } from './dead-letter-badges';

const rowHeight = 34;
const prefetchRows = 30;

interface Props {
  rows: readonly DeadLetterView[];
  selectedId: string | null;
  checked: ReadonlySet<string>;
  selectable: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onSelect: (id: string) => void;
  onCheck: (id: string, on: boolean) => void;
  onCheckAll: (on: boolean) => void;
}

/** Dead letters one per row, virtualized like the timeline; a checkbox per row for bulk requeue. */
export function DeadLetterTable({ rows, selectedId, checked, selectable, hasMore, loadingMore, onLoadMore, onSelect, onCheck, onCheckAll }: Props) {
  const { scroller, virtualizer, items } = useInfiniteRows({ rows, hasMore, loadingMore, onLoadMore, rowHeight, prefetchRows });

  const onRowKey = (event: KeyboardEvent<HTMLDivElement>, id: string) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      onSelect(id);
    }
  };
  const allChecked = rows.length > 0 && rows.every((row) => checked.has(row.id));

  return (
    <div className="record-table" role="table" aria-label="dead letters" aria-rowcount={rows.length + 1} data-testid="dl-table">
      <div ref={scroller} className="record-table-scroll">
        <div className={`record-row record-head ${styles.dlRow}`} role="row" aria-rowindex={1}>
          <div role="columnheader">
            {selectable && <input type="checkbox" aria-label="Select all loaded dead letters" checked={allChecked} onChange={(event) => onCheckAll(event.target.checked)} />}
          </div>
          {['Failed at', 'Error', 'Message', 'Original', 'Key', 'Status'].map((column) => (
            <div key={column} role="columnheader">
              {column}
            </div>
          ))}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) {
              return (
                <div key={item.key} className={`record-row loader-row ${styles.dlRow}`} role="row" style={{ transform: `translateY(${item.start}px)` }}>
                  <div role="cell" className={styles.loaderCell}>
                    {loadingMore ? 'Loading older dead letters…' : ''}
                  </div>
                </div>
              );
            }
            const p = row.provenance;
            return (
              <div
                key={item.key}
                className={`record-row ${styles.dlRow}`}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={row.id === selectedId}
                data-testid="dl-row"
                data-dead-letter-id={row.id}
                tabIndex={0}
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={() => onSelect(row.id)}
                onKeyDown={(event) => onRowKey(event, row.id)}
              >
                <div role="cell" onClick={(event) => event.stopPropagation()}>
                  {selectable && <input type="checkbox" aria-label={`Select ${row.id}`} checked={checked.has(row.id)} onChange={(event) => onCheck(row.id, event.target.checked)} />}
                </div>
                <div role="cell">
                  <LocalTime iso={p.failedAt} compact />
                </div>
                <div role="cell" className="mono" title={p.errorClass ?? undefined}>
                  {p.errorClass?.split('.').at(-1) ?? '—'}
                </div>
                <div role="cell" title={p.errorMessage ?? undefined}>
                  {p.errorMessage ?? ''}
                </div>
                <div role="cell" className="mono">
                  {p.originalTopic === null ? '?' : [p.originalTopic, p.originalPartition, p.originalOffset].filter((x) => x !== null).join(':')}
                </div>
                <div role="cell" className="mono" title={row.record.key ?? undefined}>
                  {row.record.key}
                </div>
                <div role="cell">
                  <DeadLetterBadges requeue={row.requeue} failedAgain={row.failedAgain} link={false} />
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

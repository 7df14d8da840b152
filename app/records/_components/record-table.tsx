'use client';
import type { KeyboardEvent } from 'react';
import { useInfiniteRows } from '../../_lib/use-infinite-rows';
import type { RecordView } from '@/server/store/contract';
import { KindBadge } from '../../_components/kind-badge';
import { LocalTime } from '../../_components/local-time';

const rowHeight = 34;
/** start loading the next page this many rows before the end */
const prefetchRows = 30;

interface Props {
  rows: readonly RecordView[];
  selectedId: string | null;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onSelect: (id: string) => void;
  onCorrelation: (correlationId: string) => void;
}

const columns = ['Time', 'Kind', 'Name', 'Source', 'Destination', 'Position', 'Key', 'Correlation id'] as const;

/** The timeline rows, virtualized: only the visible rows exist in the DOM, so 100,000 loaded rows scroll smoothly. */
export function RecordTable({ rows, selectedId, hasMore, loadingMore, onLoadMore, onSelect, onCorrelation }: Props) {
  const { scroller, virtualizer, items } = useInfiniteRows({ rows, hasMore, loadingMore, onLoadMore, rowHeight, prefetchRows });

  const onRowKey = (event: KeyboardEvent<HTMLDivElement>, id: string) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(id);
    }
  };

  return (
    <div className="record-table" role="table" aria-label="records" aria-rowcount={rows.length + 1} data-testid="record-table">
      <div ref={scroller} className="record-table-scroll">
        <div className="record-row record-head" role="row" aria-rowindex={1}>
          {columns.map((column) => (
            <div key={column} role="columnheader">
              {column}
            </div>
          ))}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const record = rows[item.index];
            if (!record) {
              return (
                <div key={item.key} className="record-row loader-row" role="row" style={{ transform: `translateY(${item.start}px)` }}>
                  <div role="cell">{loadingMore ? 'Loading older records…' : ''}</div>
                </div>
              );
            }
            const r = record.record;
            return (
              <div
                key={item.key}
                className="record-row"
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={record.id === selectedId}
                data-testid="record-row"
                data-record-id={record.id}
                tabIndex={0}
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={() => onSelect(record.id)}
                onKeyDown={(event) => onRowKey(event, record.id)}
              >
                <div role="cell">
                  <LocalTime iso={record.timestamp} compact />
                </div>
                <div role="cell">
                  <KindBadge record={record} />
                </div>
                <div role="cell" className={r ? undefined : 'error-text'} title={r?.name ?? record.error}>
                  {r?.name ?? record.error}
                </div>
                <div role="cell">{r?.source}</div>
                <div role="cell">{r?.destination}</div>
                <div role="cell" className="mono">
                  {record.topic}:{record.partition}:{record.offset}
                </div>
                <div role="cell" className="mono" title={record.key ?? undefined}>
                  {record.key}
                </div>
                <div role="cell" className="mono">
                  {r && (
                    <button
                      type="button"
                      className="link-button"
                      title="Show all records of this correlation"
                      onClick={(event) => {
                        event.stopPropagation();
                        onCorrelation(r.correlation_id);
                      }}
                    >
                      {r.correlation_id}
                    </button>
                  )}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

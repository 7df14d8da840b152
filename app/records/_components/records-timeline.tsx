'use client';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useState } from 'react';
import type { RecordView } from '@/server/store/contract';
import { recordsQueryOptions } from '../../_lib/queries';
import { filterFields, hasFilters, parseTimelineFilters, timelineSearch, timeRangeLabels, type TimelineFilters } from '../../_lib/timeline-filters';
import { FilterBar } from './filter-bar';
import { RecordDetailPanel } from './record-detail-panel';
import { RecordTable } from './record-table';
import { useLiveTail } from './use-live-tail';

const filterLabels: Record<(typeof filterFields)[number], string> = {
  topic: 'topic',
  service: 'service',
  source: 'source',
  kind: 'kind',
  name: 'name',
  key: 'key',
  correlationId: 'correlation',
  uuid: 'uuid',
  requestUuid: 'answers request',
  header: 'header',
  headerValue: 'header value',
  q: 'search',
  range: 'time',
  from: 'from',
  to: 'to',
};

function ActiveFilters({ filters, onChange }: { filters: TimelineFilters; onChange: (filters: TimelineFilters) => void }) {
  const active = filterFields.filter((field) => filters[field] !== undefined);
  if (active.length === 0) return null;
  return (
    <ul className="active-filters" aria-label="active filters">
      {active.map((field) => (
        <li key={field}>
          <span className="muted">{filterLabels[field]}:</span> <span className="mono">{field === 'range' && filters.range ? timeRangeLabels[filters.range] : filters[field]}</span>
          <button
            type="button"
            aria-label={`Remove ${filterLabels[field]} filter`}
            onClick={() => onChange({ ...filters, [field]: undefined, ...(field === 'header' ? { headerValue: undefined } : {}) })}
          >
            ✕
          </button>
        </li>
      ))}
      <li>
        <button type="button" className="link-button" onClick={() => onChange({})}>
          Clear all
        </button>
      </li>
    </ul>
  );
}

function mergeRows(live: readonly RecordView[], pages: readonly (readonly RecordView[])[]): RecordView[] {
  const seen = new Set<string>();
  const rows: RecordView[] = [];
  for (const list of [live, ...pages]) {
    for (const record of list) {
      if (seen.has(record.id)) continue;
      seen.add(record.id);
      rows.push(record);
    }
  }
  return rows;
}

/** The records timeline: filters (in the URL), the virtualized table, the live tail and the detail panel. */
export function RecordsTimeline() {
  const router = useRouter();
  const searchParams = useSearchParams();
  const search = searchParams.toString();
  const parsed = useMemo(() => parseTimelineFilters(new URLSearchParams(search)), [search]);
  const { filters } = parsed;
  const selectedId = searchParams.get('record');
  const [liveWanted, setLiveWanted] = useState(false);
  // a window that ends in the past never receives new records
  const liveAllowed = filters.to === undefined;

  const navigate = useCallback(
    (next: TimelineFilters, record: string | null = null) => {
      router.push(`/records${timelineSearch(next, { record: record ?? undefined })}`, { scroll: false });
    },
    [router],
  );

  const queryClient = useQueryClient();
  const options = recordsQueryOptions(filters);
  const query = useInfiniteQuery({
    ...options,
    // an empty view keeps asking, so records show up as soon as the collector stores them
    refetchInterval: (current) => (current.state.data?.pages[0]?.items.length === 0 ? 3_000 : false),
  });
  const reload = () => void queryClient.resetQueries({ queryKey: options.queryKey, exact: true });
  const pages = useMemo(() => query.data?.pages.map((page) => page.items) ?? [], [query.data]);
  const newestShown = useCallback(() => pages[0]?.[0]?.timestamp ?? null, [pages]);
  const tail = useLiveTail(filters, liveWanted && liveAllowed, newestShown);
  const rows = useMemo(() => mergeRows(tail.records, pages), [tail.records, pages]);

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  const select = useCallback((id: string) => navigate(filters, id), [navigate, filters]);
  const closeDetail = useCallback(() => navigate(filters), [navigate, filters]);
  const filterCorrelation = useCallback((correlationId: string) => navigate({ ...filters, correlationId }), [navigate, filters]);

  return (
    <div className={`timeline ${selectedId ? 'with-detail' : ''}`}>
      <div className="timeline-main">
        <div className="timeline-title">
          <h1>Records</h1>
          <div className="tail-controls" aria-label="live tail">
            <button type="button" onClick={reload} title="Reload the newest records" data-testid="records-reload">
              Refresh
            </button>
            <button
              type="button"
              className={liveWanted ? 'primary' : undefined}
              aria-pressed={liveWanted}
              disabled={!liveAllowed}
              title={liveAllowed ? 'Stream new matching records into the table' : 'Live tail needs a time window open towards now'}
              onClick={() => setLiveWanted((on) => !on)}
              data-testid="live-toggle"
            >
              {liveWanted ? 'Live: on' : 'Live tail'}
            </button>
            {liveWanted && liveAllowed && (
              <>
                <span className={`tail-status ${tail.status}`} data-testid="tail-status" role="status">
                  {tail.status === 'live' ? (tail.paused ? 'paused' : 'streaming') : tail.status}
                </span>
                {tail.paused ? (
                  <button type="button" onClick={tail.resume} data-testid="tail-resume">
                    Resume{tail.pending > 0 ? ` · ${tail.pending} new` : ''}
                  </button>
                ) : (
                  <button type="button" onClick={tail.pause} data-testid="tail-pause">
                    Pause
                  </button>
                )}
                {tail.paused && (
                  <span className="new-count" data-testid="tail-pending">
                    {tail.pending} new
                  </span>
                )}
              </>
            )}
          </div>
        </div>
        <FilterBar key={search} filters={filters} onApply={(next) => navigate(next)} />
        <ActiveFilters filters={filters} onChange={(next) => navigate(next)} />
        {!parsed.ok && (
          <div className="alert" role="alert">
            These filters in the link are invalid and were ignored: {parsed.problems.join('; ')}
          </div>
        )}
        {tail.skipped > 0 && (
          <div className="alert" role="alert">
            The live tail could not keep up and skipped {tail.skipped} records; they are stored —{' '}
            <button type="button" className="link-button" onClick={reload}>
              reload the timeline
            </button>
            .
          </div>
        )}
        {query.isPending ? (
          <div className="empty" role="status" data-testid="records-loading">
            Loading records…
          </div>
        ) : query.isError && rows.length === 0 ? (
          <div className="alert" role="alert" data-testid="records-error">
            Could not load records: {query.error.message}{' '}
            <button type="button" onClick={() => void query.refetch()}>
              Retry
            </button>
          </div>
        ) : rows.length === 0 ? (
          <div className="empty" data-testid="records-empty">
            {hasFilters(filters) ? (
              <>
                No stored record matches these filters. <Link href="/records">Show all records</Link>
              </>
            ) : (
              'No records stored yet. Records appear here as the collector reads them from Kafka.'
            )}
          </div>
        ) : (
          <>
            <RecordTable
              rows={rows}
              selectedId={selectedId}
              hasMore={hasNextPage}
              loadingMore={isFetchingNextPage}
              onLoadMore={loadMore}
              onSelect={select}
              onCorrelation={filterCorrelation}
            />
            <p className="table-footer muted" data-testid="records-footer">
              {rows.length.toLocaleString('en')} records loaded
              {hasNextPage ? ' · scroll for older records' : ' · end of the timeline'}
              {query.isFetchNextPageError && (
                <>
                  {' '}
                  · <span className="error-text">loading older records failed: {query.error?.message}</span>{' '}
                  <button type="button" onClick={loadMore}>
                    Retry
                  </button>
                </>
              )}
            </p>
          </>
        )}
      </div>
      {selectedId && <RecordDetailPanel id={selectedId} onClose={closeDetail} />}
    </div>
  );
}

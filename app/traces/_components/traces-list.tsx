'use client';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import type { TraceSummary } from '@/server/traces/contract';
import { LocalTime } from '../../_components/local-time';
import { tracesQueryOptions } from '../../_lib/queries';
import { parseTraceFilters, traceFilterFields, traceHref, tracesHref, type TraceFilters } from '../../_lib/trace-filters';
import { formatDuration } from '../../_lib/trace-rows';
import { TraceFilterBar } from './trace-filter-bar';

function TraceRowLink({ trace }: { trace: TraceSummary }) {
  const failed = trace.status === 'error';
  return (
    <tr className={failed ? 'failed' : undefined} data-testid="trace-list-row" data-correlation-id={trace.correlationId} data-status={trace.status}>
      <td>
        <LocalTime iso={trace.startedAt} compact />
      </td>
      <td className="trace-list-root">
        <Link href={traceHref(trace.correlationId)}>{trace.rootName ?? '(unnamed)'}</Link>
      </td>
      <td className="trace-list-services">{trace.services.join(', ')}</td>
      <td className="num">{trace.recordCount.toLocaleString('en')}</td>
      <td className="num">{formatDuration(trace.durationMs)}</td>
      <td>
        <span className={`badge ${failed ? 'error' : 'response'}`}>{trace.status}</span>
      </td>
      <td className="mono trace-list-id" title={trace.correlationId}>
        <Link href={traceHref(trace.correlationId)}>{trace.correlationId}</Link>
      </td>
    </tr>
  );
}

/** Recent traces: filters in the URL, newest first, more on demand. */
export function TracesList() {
  const router = useRouter();
  const searchParams = useSearchParams();
  const search = searchParams.toString();
  const parsed = useMemo(() => parseTraceFilters(new URLSearchParams(search)), [search]);
  const { filters } = parsed;
  const navigate = useCallback((next: TraceFilters) => router.push(tracesHref(next), { scroll: false }), [router]);
  const queryClient = useQueryClient();
  const options = tracesQueryOptions(filters);
  const query = useInfiniteQuery({
    ...options,
    // an empty list keeps asking, so traces show up as soon as the collector stores them
    refetchInterval: (current) => (current.state.data?.pages[0]?.items.length === 0 ? 3_000 : false),
  });
  const reload = () => void queryClient.resetQueries({ queryKey: options.queryKey, exact: true });
  const traces = useMemo(() => query.data?.pages.flatMap((page) => page.items) ?? [], [query.data]);
  const filtered = traceFilterFields.some((field) => filters[field] !== undefined);

  return (
    <div className="traces-list">
      <div className="timeline-title">
        <h1>Traces</h1>
        <button type="button" onClick={reload} title="Reload the newest traces" data-testid="traces-reload">
          Refresh
        </button>
      </div>
      <TraceFilterBar key={search} filters={filters} onApply={navigate} />
      {!parsed.ok && (
        <div className="alert" role="alert">
          These filters in the link are invalid and were ignored: {parsed.problems.join('; ')}
        </div>
      )}
      {query.isPending ? (
        <div className="empty" role="status" data-testid="traces-loading">
          Loading traces…
        </div>
      ) : query.isError && traces.length === 0 ? (
        <div className="alert" role="alert" data-testid="traces-error">
          Could not load traces: {query.error.message}{' '}
          <button type="button" onClick={() => void query.refetch()}>
            Retry
          </button>
        </div>
      ) : traces.length === 0 ? (
        <div className="empty" data-testid="traces-empty">
          {filtered ? (
            <>
              No trace matches these filters. <Link href="/traces">Show all traces</Link>
            </>
          ) : (
            'No traces yet. A trace appears here as soon as the collector stores a record with a correlation id.'
          )}
        </div>
      ) : (
        <>
          <div className="traces-table-wrap">
            <table className="traces-table" data-testid="traces-table">
              <thead>
                <tr>
                  <th>Started</th>
                  <th>Root</th>
                  <th>Services</th>
                  <th className="num">Records</th>
                  <th className="num">Duration</th>
                  <th>Status</th>
                  <th>Correlation id</th>
                </tr>
              </thead>
              <tbody>
                {traces.map((trace) => (
                  <TraceRowLink key={trace.correlationId} trace={trace} />
                ))}
              </tbody>
            </table>
          </div>
          <p className="table-footer muted" data-testid="traces-footer">
            {traces.length.toLocaleString('en')} traces loaded
            {query.hasNextPage ? (
              <>
                {' · '}
                <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage} data-testid="traces-load-more">
                  {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
                </button>
              </>
            ) : (
              ' · no older traces'
            )}
            {query.isFetchNextPageError && <span className="error-text"> · loading more failed: {query.error?.message}</span>}
          </p>
        </>
      )}
    </div>
  );
}

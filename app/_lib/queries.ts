import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { RecordDetail } from '@/server/http/record-detail';
import type { Health } from '@/server/runtime/health';
import type { RecordPage } from '@/server/store/contract';
import type { TraceAnswer, TraceListPage } from '@/server/traces/contract';
import type { DeadLetterDetail, DeadLetterListAnswer, JobView } from '@/server/deadletters/contract';
import { fetchJson } from './api-client';
import { deadLetterApiParams, failedResponseApiParams, type DeadLetterFilters } from './dead-letter-filters';
import { traceApiParams, type TraceFilters } from './trace-filters';
import { toApiFilters, type TimelineFilters } from './timeline-filters';

/** Rows per timeline page. */
export const timelinePageSize = 100;

export interface TimelinePageParam {
  cursor: string;
  now: number;
}

export type FetchRecordPage = (params: Record<string, string>, signal?: AbortSignal) => Promise<RecordPage>;

const fetchRecordPageOverHttp: FetchRecordPage = (params, signal) =>
  fetchJson<RecordPage>(`/api/records?${new URLSearchParams(params).toString()}`, signal);

/**
 * The timeline of one filter set, newest first, page by page through the API's cursor.
 * `fetchPage` is replaced on the server, where the first page is read from the store directly.
 */
export function recordsQueryOptions(filters: TimelineFilters, fetchPage: FetchRecordPage = fetchRecordPageOverHttp) {
  return infiniteQueryOptions({
    queryKey: ['records', filters] as const,
    ...windowedCursorPages((now) => toApiFilters(filters, now), timelinePageSize, fetchPage),
  });
}

/**
 * Paging through an API cursor for a view whose window is fixed at its first page: `now` travels
 * with the page parameter, so a relative range means the same window on every page of one scroll.
 */
function windowedCursorPages<P extends { nextCursor: string | null }>(
  apiParams: (now: number) => Record<string, string>,
  pageSize: number,
  fetchPage: (params: Record<string, string>, signal?: AbortSignal) => Promise<P>,
) {
  return {
    queryFn: async ({ pageParam, signal }: { pageParam: TimelinePageParam | null; signal: AbortSignal }): Promise<P & { now: number }> => {
      const now = pageParam?.now ?? Date.now();
      const params: Record<string, string> = { ...apiParams(now), limit: String(pageSize) };
      if (pageParam) params['cursor'] = pageParam.cursor;
      return { ...(await fetchPage(params, signal)), now };
    },
    initialPageParam: null as TimelinePageParam | null,
    getNextPageParam: (last: P & { now: number }): TimelinePageParam | undefined =>
      last.nextCursor === null ? undefined : { cursor: last.nextCursor, now: last.now },
  };
}

export function recordQueryOptions(id: string) {
  return queryOptions({
    queryKey: ['record', id] as const,
    queryFn: ({ signal }) => fetchJson<RecordDetail>(`/api/records/${encodeURIComponent(id)}`, signal),
    staleTime: Infinity, // a stored record never changes
  });
}

export function healthQueryOptions() {
  return queryOptions({
    queryKey: ['health'] as const,
    queryFn: ({ signal }) => fetchJson<Health>('/api/health', signal),
    refetchInterval: 5_000,
    staleTime: 4_000,
  });
}

/** Traces per list page. */
export const tracesPageSize = 50;

export type FetchTracePage = (params: Record<string, string>, signal?: AbortSignal) => Promise<TraceListPage>;

const fetchTracePageOverHttp: FetchTracePage = (params, signal) => fetchJson<TraceListPage>(`/api/traces?${new URLSearchParams(params).toString()}`, signal);

/** Recent traces of one filter set, newest first, page by page ("load more"); the server reads the first page itself. */
export function tracesQueryOptions(filters: TraceFilters, fetchPage: FetchTracePage = fetchTracePageOverHttp) {
  return infiniteQueryOptions({
    queryKey: ['traces', filters] as const,
    ...windowedCursorPages((now) => traceApiParams(filters, now), tracesPageSize, fetchPage),
  });
}

/** One linked trace; `fetchTrace` is replaced on the server, which calls readTrace directly. */
export function traceQueryOptions(correlationId: string, fetchTrace?: () => Promise<TraceAnswer>) {
  return queryOptions({
    queryKey: ['trace', correlationId] as const,
    queryFn: fetchTrace ?? (({ signal }) => fetchJson<TraceAnswer>(`/api/traces/${encodeURIComponent(correlationId)}`, signal)),
    staleTime: 30_000,
  });
}

/** Rows per dead-letter page (groups or dead letters). */
export const deadLettersPageSize = 100;

const fetchDeadLetters = (params: Record<string, string>, signal?: AbortSignal) =>
  fetchJson<DeadLetterListAnswer>(`/api/dead-letters?${new URLSearchParams(params).toString()}`, signal);

/** Dead letters of one filter set, grouped by bug or flat (by the filters' tab), page by page. */
export function deadLettersQueryOptions(filters: DeadLetterFilters) {
  return infiniteQueryOptions({
    queryKey: ['dead-letters', filters] as const,
    ...windowedCursorPages((now) => deadLetterApiParams(filters, now), deadLettersPageSize, fetchDeadLetters),
  });
}

/** Failed Eventy responses (`ok: false`) of the dead-letter filters that apply to records. */
export function failedResponsesQueryOptions(filters: DeadLetterFilters) {
  return infiniteQueryOptions({
    queryKey: ['failed-responses', filters] as const,
    ...windowedCursorPages((now) => failedResponseApiParams(filters, now), deadLettersPageSize, fetchRecordPageOverHttp),
  });
}

export function deadLetterQueryOptions(id: string) {
  return queryOptions({
    queryKey: ['dead-letter', id] as const,
    queryFn: ({ signal }) => fetchJson<DeadLetterDetail>(`/api/dead-letters/${encodeURIComponent(id)}`, signal),
  });
}

/** A bulk requeue or replay job, polled until it stops. */
export function jobQueryOptions(id: string) {
  return queryOptions({
    queryKey: ['job', id] as const,
    queryFn: ({ signal }) => fetchJson<JobView>(`/api/jobs/${encodeURIComponent(id)}`, signal),
    refetchInterval: (query) => (query.state.data === undefined || ['queued', 'running'].includes(query.state.data.state) ? 1000 : false),
  });
}

import { HydrationBoundary, dehydrate } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { getLensRuntime } from '@/server/runtime';
import { traceListQuerySchema } from '@/server/store/contract';
import { listTraces } from '@/server/traces';
import { tracesQueryOptions } from '../_lib/queries';
import { getQueryClient } from '../_lib/query-client';
import { parseTraceFilters } from '../_lib/trace-filters';
import { TracesList } from './_components/traces-list';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Traces' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The first page is read from the store here, so the table arrives filled. */
export default async function TracesPage({ searchParams }: Props) {
  const { filters } = parseTraceFilters(await searchParams);
  const { store } = getLensRuntime();
  const queryClient = getQueryClient();
  await queryClient.prefetchInfiniteQuery(tracesQueryOptions(filters, (params) => listTraces(store, traceListQuerySchema.parse(params))));
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <Suspense fallback={<div className="empty">Loading traces…</div>}>
        <TracesList />
      </Suspense>
    </HydrationBoundary>
  );
}

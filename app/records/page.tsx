import { HydrationBoundary, dehydrate } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { readRecordDetail } from '@/server/http/record-detail';
import { getLensRuntime } from '@/server/runtime';
import { recordIdSchema, recordQuerySchema } from '@/server/store/contract';
import { recordQueryOptions, recordsQueryOptions } from '../_lib/queries';
import { getQueryClient } from '../_lib/query-client';
import { parseTimelineFilters } from '../_lib/timeline-filters';
import { RecordsTimeline } from './_components/records-timeline';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Records' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The first page (and a selected record) is read from the store here, so the table arrives filled. */
export default async function RecordsPage({ searchParams }: Props) {
  const params = await searchParams;
  const { filters } = parseTimelineFilters(params);
  const { store } = getLensRuntime();
  const queryClient = getQueryClient();
  const prefetches: Promise<void>[] = [
    queryClient.prefetchInfiniteQuery(recordsQueryOptions(filters, (apiParams) => store.queryRecords(recordQuerySchema.parse(apiParams)))),
  ];
  const selected = recordIdSchema.safeParse(params['record']);
  if (selected.success) {
    prefetches.push(
      queryClient.prefetchQuery({
        ...recordQueryOptions(selected.data),
        queryFn: async () => {
          const detail = await readRecordDetail(store, selected.data);
          if (detail === null) throw new Error(`no record ${selected.data}`);
          return detail;
        },
      }),
    );
  }
  await Promise.all(prefetches);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <Suspense fallback={<div className="empty">Loading records…</div>}>
        <RecordsTimeline />
      </Suspense>
    </HydrationBoundary>
  );
}

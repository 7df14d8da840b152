import { HydrationBoundary, dehydrate } from '@tanstack/react-query';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { getLensRuntime } from '@/server/runtime';
import { correlationIdSchema, readTrace } from '@/server/traces';
import { traceQueryOptions } from '../../_lib/queries';
import { getQueryClient } from '../../_lib/query-client';
import { TraceView } from '../_components/trace-view';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ correlationId: string }> };

/** The path segment once decoded (Next.js hands it over still percent-encoded for some characters). */
async function correlationIdOf(params: Props['params']): Promise<string> {
  const { correlationId } = await params;
  try {
    return decodeURIComponent(correlationId);
  } catch {
    return correlationId;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Trace ${await correlationIdOf(params)}` };
}

/** The trace is linked here with the same readTrace as the API and handed to the client already in its cache. */
export default async function TracePage({ params }: Props) {
  const parsed = correlationIdSchema.safeParse(await correlationIdOf(params));
  if (!parsed.success) notFound();
  const correlationId = parsed.data;
  const { store, kafka, config } = getLensRuntime();
  const result = await readTrace({ store, kafka, collectorGroupId: config.collector.groupId }, correlationId);
  if (!result.found) notFound();
  const queryClient = getQueryClient();
  queryClient.setQueryData(traceQueryOptions(correlationId).queryKey, result.trace);
  return (
    <>
      <nav className="breadcrumbs" aria-label="breadcrumbs">
        <Link href="/traces">Traces</Link> / <span className="mono">{correlationId}</span>
      </nav>
      <HydrationBoundary state={dehydrate(queryClient)}>
        <Suspense fallback={<div className="empty">Loading trace…</div>}>
          <TraceView correlationId={correlationId} />
        </Suspense>
      </HydrationBoundary>
    </>
  );
}

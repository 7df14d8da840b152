import type { NextRequest } from 'next/server';
import { parseSearchParams, respondWith } from '@/server/http/respond';
import { getLensRuntime } from '@/server/runtime';
import { traceListQuerySchema } from '@/server/store/contract';
import { listTraces } from '@/server/traces';

export const dynamic = 'force-dynamic';

export function GET(request: NextRequest) {
  const query = parseSearchParams(traceListQuerySchema, request.nextUrl.searchParams);
  if (!query.ok) return query.response;
  return respondWith(() => listTraces(getLensRuntime().store, query.data));
}

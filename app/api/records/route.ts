import type { NextRequest } from 'next/server';
import { parseSearchParams, respondWith } from '@/server/http/respond';
import { getLensRuntime } from '@/server/runtime';
import { recordQuerySchema } from '@/server/store/contract';

export const dynamic = 'force-dynamic';

export function GET(request: NextRequest) {
  const query = parseSearchParams(recordQuerySchema, request.nextUrl.searchParams);
  if (!query.ok) return query.response;
  return respondWith(() => getLensRuntime().store.queryRecords(query.data));
}

import type { NextRequest } from 'next/server';
import { parseSearchParams } from '@/server/http/respond';
import { createRecordEventStream, eventStreamHeaders } from '@/server/ingest/record-stream';
import { getLensRuntime } from '@/server/runtime';
import { recordFilterSchema } from '@/server/store/contract';

export const dynamic = 'force-dynamic';

/** The live tail: records stored from now on (by this instance's collector, or any instance's with PostgreSQL) that pass the filters, as server-sent events. */
export function GET(request: NextRequest) {
  const query = parseSearchParams(recordFilterSchema, request.nextUrl.searchParams);
  if (!query.ok) return query.response;
  const body = createRecordEventStream({ collector: getLensRuntime().recordFeed, query: query.data, signal: request.signal });
  return new Response(body, { headers: eventStreamHeaders });
}

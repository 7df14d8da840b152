import type { NextRequest } from 'next/server';
import { flowsQuerySchema } from '@/server/flows';
import { readFlowGraph } from '@/server/flows/read-flow-graph';
import { parseSearchParams, respondWith } from '@/server/http/respond';

export const dynamic = 'force-dynamic';

export function GET(request: NextRequest) {
  const query = parseSearchParams(flowsQuerySchema, request.nextUrl.searchParams);
  if (!query.ok) return query.response;
  return respondWith(() => readFlowGraph(query.data));
}

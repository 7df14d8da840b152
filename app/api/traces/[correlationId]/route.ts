import { NextResponse, type NextRequest } from 'next/server';
import { parseInput, respondWith } from '@/server/http/respond';
import { getLensRuntime } from '@/server/runtime';
import { correlationIdParamSchema, readTrace } from '@/server/traces';

export const dynamic = 'force-dynamic';

export function GET(request: NextRequest) {
  // Next.js half-decodes params (`%25` but not `%2F`); the raw last path segment decodes exactly once
  const raw = request.nextUrl.pathname.split('/').at(-1);
  const correlationId = parseInput(correlationIdParamSchema, raw, 'invalid correlation id');
  if (!correlationId.ok) return correlationId.response;
  return respondWith(async () => {
    const { store, kafka, config } = getLensRuntime();
    const result = await readTrace({ store, kafka, collectorGroupId: config.collector.groupId }, correlationId.data);
    return result.found ? result.trace : NextResponse.json({ error: result.reason }, { status: 404 });
  });
}

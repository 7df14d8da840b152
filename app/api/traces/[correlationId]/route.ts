import { NextResponse } from 'next/server';
import { parseInput, respondWith } from '@/server/http/respond';
import { getLensRuntime } from '@/server/runtime';
import { correlationIdParamSchema, readTrace } from '@/server/traces';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ correlationId: string }> }) {
  const correlationId = parseInput(correlationIdParamSchema, (await params).correlationId, 'invalid correlation id');
  if (!correlationId.ok) return correlationId.response;
  return respondWith(async () => {
    const { store, kafka, config } = getLensRuntime();
    const result = await readTrace({ store, kafka, collectorGroupId: config.collector.groupId }, correlationId.data);
    return result.found ? result.trace : NextResponse.json({ error: result.reason }, { status: 404 });
  });
}

import type { NextRequest } from 'next/server';
import { parseInput, parseSearchParams, respondWith } from '@/server/http/respond';
import { groupIdSchema, lagHistoryQuerySchema } from '@/server/lag';
import { readLagHistory } from '@/server/lag/read-consumer-lag';

export const dynamic = 'force-dynamic';

/** A group's lag over [from, to] (ISO times, the last hour by default); a group never sampled answers 200 with no samples. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ groupId: string }> }) {
  const groupId = parseInput(groupIdSchema, (await params).groupId, 'invalid consumer group id');
  if (!groupId.ok) return groupId.response;
  const query = parseSearchParams(lagHistoryQuerySchema, request.nextUrl.searchParams);
  if (!query.ok) return query.response;
  return respondWith(() => Promise.resolve(readLagHistory(groupId.data, query.data)));
}

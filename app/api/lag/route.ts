import type { NextRequest } from 'next/server';
import { parseSearchParams, respondWith } from '@/server/http/respond';
import { lagQuerySchema } from '@/server/lag';
import { readConsumerLag } from '@/server/lag/read-consumer-lag';

export const dynamic = 'force-dynamic';

export function GET(request: NextRequest) {
  const query = parseSearchParams(lagQuerySchema, request.nextUrl.searchParams);
  if (!query.ok) return query.response;
  return respondWith(() => readConsumerLag(query.data));
}

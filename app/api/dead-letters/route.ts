import type { NextRequest } from 'next/server';
import { authorizeRequest } from '@/server/auth';
import { deadLetterListQuerySchema } from '@/server/deadletters/contract';
import { listDeadLetters } from '@/server/deadletters/list-dead-letters';
import { parseSearchParams, respondWith } from '@/server/http/respond';
import { getLensRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Dead letters, `?view=grouped|flat` plus the timeline's filters and dlqTopic, originalTopic, fingerprint, errorClass. */
export async function GET(request: NextRequest) {
  const auth = await authorizeRequest(request, 'viewer');
  if (!auth.ok) return auth.response;
  const query = parseSearchParams(deadLetterListQuerySchema, request.nextUrl.searchParams);
  if (!query.ok) return query.response;
  const runtime = getLensRuntime();
  return respondWith(() => listDeadLetters({ store: runtime.store, requeue: runtime.deadLetters }, query.data));
}

import { handleReplay } from '@/server/deadletters/requeue-http';

export const dynamic = 'force-dynamic';

/** Replays stored records to a topic: a dry run, or a job with progress and a rate limit. */
export async function POST(request: Request) {
  return handleReplay(request);
}

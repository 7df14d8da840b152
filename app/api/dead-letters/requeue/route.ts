import { handleBulkRequeue } from '@/server/deadletters/requeue-http';

export const dynamic = 'force-dynamic';

/** Requeues many dead letters as a durable job; answers 202 with its id. */
export async function POST(request: Request) {
  return handleBulkRequeue(request);
}

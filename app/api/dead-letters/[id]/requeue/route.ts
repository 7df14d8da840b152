import { handleRequeue } from '@/server/deadletters/requeue-http';

export const dynamic = 'force-dynamic';

/** Requeues one dead letter exactly once, optionally to another topic or with an edited value. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleRequeue(request, (await params).id);
}

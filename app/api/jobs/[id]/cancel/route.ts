import { handleJobControl } from '@/server/deadletters/requeue-http';

export const dynamic = 'force-dynamic';

/** Stops a running job after its current batch; what was sent stays sent. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleJobControl(request, (await params).id, 'cancel');
}

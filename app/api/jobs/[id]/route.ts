import { handleGetJob } from '@/server/deadletters/requeue-http';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleGetJob(request, (await params).id);
}

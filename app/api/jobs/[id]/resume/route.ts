import { handleJobControl } from '@/server/deadletters/requeue-http';

export const dynamic = 'force-dynamic';

/** Resumes an interrupted or failed job: sends left pending are found on their target or sent, each exactly once. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleJobControl(request, (await params).id, 'resume');
}

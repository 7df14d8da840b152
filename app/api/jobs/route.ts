import { handleListJobs } from '@/server/deadletters/requeue-http';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  return handleListJobs(request);
}

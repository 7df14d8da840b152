import { handlePark } from '@/server/deadletters/park-http';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ group: string; topic: string; partition: string }> };

/** Parks the record at a stuck partition's committed offset on `<topic>.dlq` and moves the group past it. */
export async function POST(request: Request, { params }: Context) {
  return handlePark(request, await params);
}

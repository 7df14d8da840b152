import { handleUndoPark } from '@/server/deadletters/park-http';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** Moves the group's offset back to the parked record; the copy stays on the dead-letter topic. */
export async function POST(request: Request, { params }: Context) {
  return handleUndoPark(request, (await params).id);
}

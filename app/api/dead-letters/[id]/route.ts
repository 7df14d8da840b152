import { NextResponse } from 'next/server';
import { authorizeRequest } from '@/server/auth';
import { readDeadLetter } from '@/server/deadletters/list-dead-letters';
import { parseInput, respondWith } from '@/server/http/respond';
import { getLensRuntime } from '@/server/runtime';
import { recordIdSchema } from '@/server/store/contract';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const auth = await authorizeRequest(request, 'viewer');
  if (!auth.ok) return auth.response;
  const id = parseInput(recordIdSchema, (await params).id, 'invalid dead-letter id');
  if (!id.ok) return id.response;
  const runtime = getLensRuntime();
  return respondWith(async () => {
    const deadLetter = await readDeadLetter({ store: runtime.store, requeue: runtime.deadLetters }, id.data);
    return deadLetter ?? NextResponse.json({ error: `no dead letter ${id.data}` }, { status: 404 });
  });
}

import { NextResponse } from 'next/server';
import { readRecordDetail } from '@/server/http/record-detail';
import { parseInput, respondWith } from '@/server/http/respond';
import { getLensRuntime } from '@/server/runtime';
import { recordIdSchema } from '@/server/store/contract';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = parseInput(recordIdSchema, (await params).id, 'invalid record id');
  if (!id.ok) return id.response;
  return respondWith(async () => {
    const record = await readRecordDetail(getLensRuntime().store, id.data);
    return record ?? NextResponse.json({ error: `no record ${id.data}` }, { status: 404 });
  });
}

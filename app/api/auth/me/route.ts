import { NextResponse } from 'next/server';
import { authorizeRequest, getAuthSettings } from '@/server/auth';
import type { Me } from '@/server/auth/contract';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const auth = await authorizeRequest(request, 'viewer');
  if (!auth.ok) return auth.response;
  const { name, role, via } = auth.actor;
  const me: Me = { name, role, via, localMode: getAuthSettings().localMode };
  return NextResponse.json(me, { headers: { 'cache-control': 'no-store' } });
}

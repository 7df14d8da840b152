import { NextResponse, type NextRequest } from 'next/server';
import { getAuthSettings } from '@/server/auth/auth-state';
import { gateRequest } from '@/server/auth/gate';

/** Nothing of the dashboard is readable without authentication when auth is on (Next.js 16 runs Proxy on Node.js). */
export function proxy(request: NextRequest) {
  const decision = gateRequest(request, getAuthSettings());
  if (decision.kind === 'pass') return NextResponse.next();
  if (decision.kind === 'redirect') return NextResponse.redirect(new URL(decision.location, request.url));
  const headers = decision.status === 401 ? { 'www-authenticate': 'Bearer realm="eventy-lens"' } : undefined;
  return NextResponse.json({ error: decision.reason }, { status: decision.status, headers });
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};

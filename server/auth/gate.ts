import type { AuthSettings } from './auth-settings';
import { authenticate } from './authenticate';
import { isMutating } from './request-checks';

export type GateDecision = { kind: 'pass' } | { kind: 'redirect'; location: string } | { kind: 'deny'; status: 401 | 403; reason: string };

const publicPaths = new Set(['/login', '/api/auth/login']);

/** Where to go after signing in: a path of this site only (never `//host` or a full URL). */
export function safeNextPath(next: string | null | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/**
 * The proxy's decision for every page and API request: in local mode only the Host is checked; with auth on,
 * pages without credentials go to /login and API reads answer 401. Writes go on to their route, whose
 * authorizeRequest refuses them and writes the refusal to the audit log (the proxy has no audit log).
 */
export function gateRequest(request: Request, settings: AuthSettings): GateDecision {
  const url = new URL(request.url);
  const authentication = authenticate(request, settings);
  if (authentication.kind === 'refused') return { kind: 'deny', status: 403, reason: authentication.reason };
  if (authentication.kind === 'actor' || publicPaths.has(url.pathname)) return { kind: 'pass' };
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
    return isMutating(request.method) ? { kind: 'pass' } : { kind: 'deny', status: 401, reason: authentication.reason };
  }
  return { kind: 'redirect', location: `/login?${new URLSearchParams({ next: safeNextPath(url.pathname + url.search) }).toString()}` };
}

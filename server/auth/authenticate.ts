import { findApiToken } from './api-token';
import type { AuthSettings } from './auth-settings';
import type { Actor } from './contract';
import { hasLoopbackHost } from './request-checks';
import { sessionCookieName, verifySession } from './session';

export type Authentication =
  | { kind: 'actor'; actor: Actor }
  /** no valid credentials: 401 */
  | { kind: 'anonymous'; reason: string }
  /** refused whoever it is: 403 */
  | { kind: 'refused'; reason: string };

export const localActor: Actor = { name: 'local', role: 'operator', via: 'local' };

export function readCookie(request: Request, name: string): string | null {
  for (const part of request.headers.get('cookie')?.split(';') ?? []) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}

/** Who sent the request: the local operator, a bearer token's owner, or a signed-in user whose session is valid. */
export function authenticate(request: Request, settings: AuthSettings, now = Date.now()): Authentication {
  if (settings.localMode) {
    if (!hasLoopbackHost(request)) {
      return { kind: 'refused', reason: 'local mode answers only requests addressed to a loopback host (localhost, 127.0.0.1); configure users to serve other names' };
    }
    return { kind: 'actor', actor: localActor };
  }
  const authorization = request.headers.get('authorization');
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const entry = match?.[1] ? findApiToken(settings.tokens, match[1]) : null;
    if (!entry) return { kind: 'anonymous', reason: 'invalid API token' };
    return { kind: 'actor', actor: { name: entry.name, role: entry.role, via: 'token' } };
  }
  const cookie = readCookie(request, sessionCookieName);
  if (cookie === null) return { kind: 'anonymous', reason: 'authentication required: sign in or send Authorization: Bearer <token>' };
  const session = verifySession(cookie, settings.sessionSecret, now);
  const user = session && settings.users.get(session.name);
  if (!user) return { kind: 'anonymous', reason: 'session expired or invalid: sign in again' };
  return { kind: 'actor', actor: { name: user.name, role: user.role, via: 'session' } };
}

import type { AuditAction, AuditLog } from '../audit/contract';
import { createLogger } from '../telemetry/logger';
import type { AuthSettings } from './auth-settings';
import { authenticate } from './authenticate';
import type { Actor, Authorization, Role } from './contract';
import { crossSiteRefusal, isMutating, nonJsonRefusal, requestOrigin } from './request-checks';

const log = createLogger('auth');
const rank: Record<Role, number> = { viewer: 0, operator: 1 };
const nobody: Actor = { name: '(unauthenticated)', role: 'viewer', via: 'session' };

export function hasRole(actor: Actor, needed: Role): boolean {
  return rank[actor.role] >= rank[needed];
}

/** The audit action a refused write was meant to be, from its path; `request.refused` for any other. */
export function auditActionForPath(pathname: string): { action: AuditAction; target: string } {
  const parts = pathname.split('/').filter(Boolean).map((part) => safeDecode(part));
  const [api, area, ...rest] = parts;
  if (api === 'api' && area === 'dead-letters' && rest.length === 1 && rest[0] === 'requeue') return { action: 'dead-letter.requeue-bulk', target: 'bulk' };
  if (api === 'api' && area === 'dead-letters' && rest.length === 2 && rest[1] === 'requeue') return { action: 'dead-letter.requeue', target: rest[0] ?? '' };
  if (api === 'api' && area === 'replays') return { action: 'replay', target: rest.join('/') || 'replay' };
  if (api === 'api' && area === 'jobs' && rest.length === 2 && (rest[1] === 'cancel' || rest[1] === 'resume')) {
    return { action: rest[1] === 'cancel' ? 'job.cancel' : 'job.resume', target: rest[0] ?? '' };
  }
  if (api === 'api' && area === 'stuck' && rest.length === 4 && (rest[3] === 'park' || rest[3] === 'unpark')) {
    return { action: rest[3] === 'park' ? 'stuck.park' : 'stuck.unpark', target: rest.slice(0, 3).join('/') };
  }
  if (api === 'api' && area === 'parks' && rest.length === 2 && rest[1] === 'undo') return { action: 'stuck.unpark', target: rest[0] ?? '' };
  if (api === 'api' && area === 'auth' && rest[0] === 'logout') return { action: 'logout', target: '' };
  return { action: 'request.refused', target: pathname };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function refusal(status: 401 | 403, reason: string): Response {
  return Response.json({ error: reason }, { status, headers: status === 401 ? { 'www-authenticate': 'Bearer realm="eventy-lens"' } : {} });
}

/** authorizeRequest with its dependencies given: refused writes are audited (never their credentials). */
export async function authorizeWith(request: Request, needed: Role, settings: AuthSettings, audit: AuditLog | null): Promise<Authorization> {
  const origin = requestOrigin(request);
  const refuse = async (status: 401 | 403, reason: string, actor: Actor): Promise<Authorization> => {
    if (isMutating(request.method) && audit) {
      const { action, target } = auditActionForPath(new URL(request.url).pathname);
      const details = { reason, status, method: request.method, path: new URL(request.url).pathname };
      await audit.append({ actor, origin, action, target, result: 'refused', details }).catch((error: unknown) => log.error('audit append failed', { error }));
    }
    return { ok: false, response: refusal(status, reason) };
  };
  const authentication = authenticate(request, settings);
  if (authentication.kind === 'refused') return refuse(403, authentication.reason, nobody);
  if (authentication.kind === 'anonymous') return refuse(401, authentication.reason, nobody);
  const { actor } = authentication;
  const crossSite = crossSiteRefusal(request, settings.trustProxy);
  if (crossSite) return refuse(403, crossSite, actor);
  if (actor.via === 'session') {
    const nonJson = nonJsonRefusal(request);
    if (nonJson) return refuse(403, nonJson, actor);
  }
  if (!hasRole(actor, needed)) return refuse(403, `the ${needed} role is needed; ${actor.name} is a ${actor.role}`, actor);
  return { ok: true, actor, origin };
}

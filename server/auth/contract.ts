/** Who may do what. Implemented in server/auth (local mode, users with hashed passwords, API tokens, sessions). */

export const roles = ['viewer', 'operator'] as const;
export type Role = (typeof roles)[number];

/** The authenticated caller of a request. */
export interface Actor {
  /** user name, token name, or `local` in local mode */
  name: string;
  role: Role;
  via: 'local' | 'session' | 'token';
}

/** Where a request came from, as written to the audit log (never a credential). */
export interface RequestOrigin {
  /** client address as the server saw it (x-forwarded-for only when LENS_TRUST_PROXY is set) */
  ip: string | null;
  userAgent: string | null;
}

export type Authorization =
  | { ok: true; actor: Actor; origin: RequestOrigin }
  /** 401 (not authenticated), 403 (role too low, or a cross-site / foreign-Origin mutating request) */
  | { ok: false; response: Response };

/**
 * The check every API route makes first:
 *   const auth = await authorizeRequest(request, 'operator');
 *   if (!auth.ok) return auth.response;
 * For POST/PUT/PATCH/DELETE it also refuses foreign `Origin` / `Sec-Fetch-Site: cross-site` (CSRF) with 403.
 */
export type AuthorizeRequest = (request: Request, needed: Role) => Promise<Authorization>;

/** GET /api/auth/me */
export interface Me {
  name: string;
  role: Role;
  via: Actor['via'];
  /** loopback listener without users or tokens: everyone on this machine is the local operator */
  localMode: boolean;
}

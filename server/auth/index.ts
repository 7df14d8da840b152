import 'server-only';
import { getLensRuntime } from '../runtime';
import { getAuthSettings } from './auth-state';
import { authorizeWith } from './authorize';
import type { AuthorizeRequest } from './contract';

/** See AuthorizeRequest: authenticates, refuses cross-site writes and too low a role; refused writes are audited. */
export const authorizeRequest: AuthorizeRequest = (request, needed) => authorizeWith(request, needed, getAuthSettings(), getLensRuntime().audit);

export { getAuthSettings, getLoginThrottle } from './auth-state';
export { signIn, signedOutResponse } from './sign-in';
export { authenticate, localActor } from './authenticate';
export { hasRole } from './authorize';
export { roles } from './contract';
export type { Actor, Role, Authorization, AuthorizeRequest, RequestOrigin } from './contract';

import { NextResponse } from 'next/server';
import { z } from 'zod';
import type { AuditLog } from '../audit/contract';
import type { AuthSettings } from './auth-settings';
import type { Me } from './contract';
import { addressKey, userKey, type LoginThrottle } from './login-throttle';
import { verifyAgainstNothing, verifyPassword } from './password';
import { crossSiteRefusal, isHttps, nonJsonRefusal, requestOrigin } from './request-checks';
import { sessionCookieName, sessionTtlMs, signSession } from './session';

export const signInSchema = z.object({ name: z.string().min(1).max(200), password: z.string().min(1).max(1000) }).strict();

export interface SignInDeps {
  settings: AuthSettings;
  audit: AuditLog;
  throttle: LoginThrottle;
}

function sessionCookie(request: Request, settings: AuthSettings, value: string, maxAgeSeconds: number) {
  return { name: sessionCookieName, value, httpOnly: true, sameSite: 'lax' as const, secure: isHttps(request, settings.trustProxy), path: '/', maxAge: maxAgeSeconds };
}

/** POST /api/auth/login: checks the password (slowed down after repeated failures), sets the session cookie; every attempt is audited. */
export async function signIn(request: Request, { settings, audit, throttle }: SignInDeps): Promise<NextResponse> {
  if (settings.localMode) return NextResponse.json({ error: 'local mode: there is nobody to sign in as, every request acts as the local operator' }, { status: 400 });
  const refused = crossSiteRefusal(request, settings.trustProxy) ?? nonJsonRefusal(request);
  if (refused) return NextResponse.json({ error: refused }, { status: 403 });
  const parsed = signInSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) {
    return NextResponse.json({ error: 'invalid sign-in', issues: parsed.error.issues.map((i) => ({ path: i.path, message: i.message })) }, { status: 422 });
  }
  const { name, password } = parsed.data;
  const origin = requestOrigin(request);
  const user = settings.users.get(name);
  const actor = { name, role: user?.role ?? 'viewer', via: 'session' } as const;
  const keys = [userKey(name), addressKey(origin.ip)];
  const waitMs = await throttle.waitMs(keys);
  if (waitMs > 0) {
    const seconds = Math.ceil(waitMs / 1000);
    await audit.append({ actor, origin, action: 'login', target: name, result: 'refused', details: { reason: 'too many failed sign-ins', retryAfterSeconds: seconds } });
    return NextResponse.json({ error: `too many failed sign-ins: try again in ${seconds} s` }, { status: 429, headers: { 'retry-after': String(seconds) } });
  }
  const valid = user ? await verifyPassword(password, user.passwordHash) : await verifyAgainstNothing(password);
  if (!user || !valid) {
    await throttle.failed(keys);
    await audit.append({ actor, origin, action: 'login', target: name, result: 'failed', details: { reason: user ? 'wrong password' : 'unknown user' } });
    return NextResponse.json({ error: 'wrong user name or password' }, { status: 401 });
  }
  await throttle.succeeded([userKey(name)]);
  await audit.append({ actor, origin, action: 'login', target: name, result: 'ok' });
  const me: Me = { name: user.name, role: user.role, via: 'session', localMode: false };
  const response = NextResponse.json(me);
  response.cookies.set(sessionCookie(request, settings, signSession(user.name, settings.sessionSecret), sessionTtlMs / 1000));
  return response;
}

/** Clears the session cookie (the signed value itself stays valid until it expires: there is no server-side session list). */
export function signedOutResponse(request: Request, settings: AuthSettings): NextResponse {
  const response = NextResponse.json({ signedOut: true });
  response.cookies.set(sessionCookie(request, settings, '', 0));
  return response;
}

import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/kafka-fixtures';
import { auditQuerySchema, type AuditLog } from '../audit/contract';
import { openSqliteAuditLog } from '../audit/sqlite-audit-log';
import type { AuthSettings } from './auth-settings';
import { createLoginThrottle } from './login-throttle';
import { hashPassword } from './password';
import { sessionCookieName, verifySession } from './session';
import { signIn, signedOutResponse } from './sign-in';

let settings: AuthSettings;
let audit: AuditLog | undefined;
beforeAll(async () => {
  settings = {
    localMode: false,
    users: new Map([['ada', { name: 'ada', role: 'operator', passwordHash: await hashPassword('right password') }]]),
    tokens: [],
    sessionSecret: randomBytes(32),
    trustProxy: false,
  };
});
afterEach(() => audit?.close());

const login = (body: unknown, headers: Record<string, string> = {}, url = 'http://127.0.0.1:3000/api/auth/login') =>
  new Request(url, { method: 'POST', headers: { host: '127.0.0.1:3000', 'content-type': 'application/json', 'x-forwarded-for': '10.0.0.9', ...headers }, body: JSON.stringify(body) });

describe('signing in', () => {
  it('sets a signed HttpOnly SameSite=Lax session cookie for the right password, and audits it', async () => {
    audit = openSqliteAuditLog(tempDir('sign-in'));
    const response = await signIn(login({ name: 'ada', password: 'right password' }), { settings, audit, throttle: createLoginThrottle() });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: 'ada', role: 'operator', via: 'session', localMode: false });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^${sessionCookieName}=`));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=lax/i);
    expect(cookie).toMatch(/Max-Age=43200/);
    expect(cookie).not.toMatch(/Secure/i);
    const value = /^[^=]+=([^;]+)/.exec(cookie)?.[1] ?? '';
    expect(verifySession(value, settings.sessionSecret)?.name).toBe('ada');
    const secure = await signIn(login({ name: 'ada', password: 'right password' }, {}, 'https://lens.example/api/auth/login'), { settings, audit, throttle: createLoginThrottle() });
    expect(secure.headers.get('set-cookie')).toMatch(/Secure/i);
    const { items } = await audit.list(auditQuerySchema.parse({}));
    expect(items[0]).toMatchObject({ action: 'login', target: 'ada', result: 'ok', actor: { name: 'ada', role: 'operator', via: 'session' }, origin: { ip: '10.0.0.9' } });
  });

  it('refuses a wrong password or unknown user alike, audits each failure without the password, then slows down', async () => {
    audit = openSqliteAuditLog(tempDir('sign-in'));
    const throttle = createLoginThrottle();
    const wrong = await signIn(login({ name: 'ada', password: 'guess-1' }), { settings, audit, throttle });
    const unknown = await signIn(login({ name: 'nobody', password: 'guess-2' }), { settings, audit, throttle });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(await wrong.json()).toEqual(await unknown.json());
    for (let i = 3; i <= 6; i++) await signIn(login({ name: 'ada', password: `guess-${i}` }), { settings, audit, throttle });
    const slowed = await signIn(login({ name: 'ada', password: 'right password' }), { settings, audit, throttle });
    expect(slowed.status).toBe(429);
    expect(slowed.headers.get('retry-after')).toBe('1');
    const { items } = await audit.list(auditQuerySchema.parse({ action: 'login' }));
    expect(items.map((i) => [i.target, i.result, i.details['reason']])).toEqual([
      ['ada', 'refused', 'too many failed sign-ins'],
      ['ada', 'failed', 'wrong password'],
      ['ada', 'failed', 'wrong password'],
      ['ada', 'failed', 'wrong password'],
      ['ada', 'failed', 'wrong password'],
      ['nobody', 'failed', 'unknown user'],
      ['ada', 'failed', 'wrong password'],
    ]);
    expect(JSON.stringify(items)).not.toMatch(/guess-|right password/);
  });

  it('refuses a sign-in from a foreign Origin, or not as JSON (login CSRF)', async () => {
    audit = openSqliteAuditLog(tempDir('sign-in'));
    const deps = { settings, audit, throttle: createLoginThrottle() };
    expect((await signIn(login({ name: 'ada', password: 'right password' }, { origin: 'http://evil.example' }), deps)).status).toBe(403);
    expect((await signIn(login({ name: 'ada', password: 'right password' }, { 'content-type': 'text/plain' }), deps)).status).toBe(403);
    expect((await signIn(login({ name: 'ada' }), deps)).status).toBe(422);
    expect((await signIn(login({ name: 'ada', password: 'right password' }), { ...deps, settings: { ...settings, localMode: true } })).status).toBe(400);
  });

  it('signs out by expiring the cookie', () => {
    const cookie = signedOutResponse(new Request('http://127.0.0.1:3000/api/auth/logout', { method: 'POST' }), settings).headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^${sessionCookieName}=;`));
    expect(cookie).toMatch(/Max-Age=0/);
  });
});

import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/kafka-fixtures';
import { openSqliteAuditLog } from '../audit/sqlite-audit-log';
import { auditQuerySchema, type AuditLog } from '../audit/contract';
import { tokenSha256 } from './api-token';
import type { AuthSettings } from './auth-settings';
import { auditActionForPath, authorizeWith } from './authorize';
import { sessionCookieName, signSession } from './session';

const secret = randomBytes(32);
const operatorToken = 'lens_operator-token';
const viewerToken = 'lens_viewer-token';
const configured: AuthSettings = {
  localMode: false,
  users: new Map([
    ['ada', { name: 'ada', role: 'operator', passwordHash: 'unused' }],
    ['vic', { name: 'vic', role: 'viewer', passwordHash: 'unused' }],
  ]),
  tokens: [
    { name: 'ci', role: 'operator', tokenSha256: tokenSha256(operatorToken) },
    { name: 'grafana', role: 'viewer', tokenSha256: tokenSha256(viewerToken) },
  ],
  sessionSecret: secret,
  trustProxy: false,
};
const local: AuthSettings = { ...configured, localMode: true, users: new Map(), tokens: [] };

const url = 'http://127.0.0.1:3000/api/dead-letters/dlq%3A0%3A7/requeue';
const post = (headers: Record<string, string>, target = url) =>
  new Request(target, { method: 'POST', headers: { host: '127.0.0.1:3000', 'content-type': 'application/json', ...headers }, body: '{}' });
const get = (headers: Record<string, string>, target = 'http://127.0.0.1:3000/api/records') => new Request(target, { headers: { host: '127.0.0.1:3000', ...headers } });
const cookie = (name: string) => ({ cookie: `other=1; ${sessionCookieName}=${signSession(name, secret)}` });

let audit: AuditLog | undefined;
afterEach(() => audit?.close());

async function outcome(request: Request, settings: AuthSettings, needed: 'viewer' | 'operator' = 'operator') {
  const result = await authorizeWith(request, needed, settings, audit ?? null);
  if (result.ok) return { status: 200, actor: `${result.actor.name}/${result.actor.role}/${result.actor.via}` };
  return { status: result.response.status, error: ((await result.response.json()) as { error: string }).error };
}

describe('authorizing a request', () => {
  it('lets every request act as the local operator in local mode, when addressed to a loopback host', async () => {
    expect(await outcome(post({}), local)).toEqual({ status: 200, actor: 'local/operator/local' });
    expect(await outcome(post({ host: 'localhost:3000', origin: 'http://localhost:3000' }), local)).toEqual({ status: 200, actor: 'local/operator/local' });
    expect(await outcome(get({ host: '[::1]:3000' }), local, 'viewer')).toMatchObject({ status: 200 });
  });

  it('refuses a foreign Host in local mode (DNS rebinding)', async () => {
    const refused = await outcome(get({ host: 'evil.example:3000' }), local, 'viewer');
    expect(refused).toMatchObject({ status: 403, error: expect.stringMatching(/loopback/) as unknown });
    expect(await outcome(get({ host: '127.0.0.1.evil.example' }), local, 'viewer')).toMatchObject({ status: 403 });
  });

  it('asks for credentials when auth is configured, even on loopback', async () => {
    expect(await outcome(get({}), configured, 'viewer')).toMatchObject({ status: 401 });
    expect(await outcome(get({ authorization: 'Bearer lens_wrong' }), configured, 'viewer')).toMatchObject({ status: 401, error: 'invalid API token' });
    expect(await outcome(get({ cookie: `${sessionCookieName}=forged.value` }), configured, 'viewer')).toMatchObject({ status: 401 });
    expect(await outcome(get(cookie('deleted-user')), configured, 'viewer')).toMatchObject({ status: 401 });
  });

  it('accepts bearer tokens and sessions, with the role of their entry', async () => {
    expect(await outcome(post({ authorization: `Bearer ${operatorToken}` }), configured)).toEqual({ status: 200, actor: 'ci/operator/token' });
    expect(await outcome(get({ authorization: `bearer ${viewerToken}` }), configured, 'viewer')).toEqual({ status: 200, actor: 'grafana/viewer/token' });
    expect(await outcome(post(cookie('ada')), configured)).toEqual({ status: 200, actor: 'ada/operator/session' });
  });

  it('refuses a viewer an operator action with 403', async () => {
    expect(await outcome(post(cookie('vic')), configured)).toMatchObject({ status: 403, error: expect.stringMatching(/operator role/) as unknown });
    expect(await outcome(post({ authorization: `Bearer ${viewerToken}` }), configured)).toMatchObject({ status: 403 });
    expect(await outcome(get(cookie('vic')), configured, 'viewer')).toMatchObject({ status: 200 });
  });

  it('refuses cross-site writes: a foreign or null Origin, Sec-Fetch-Site cross-site', async () => {
    for (const settings of [local, configured]) {
      const creds = settings.localMode ? {} : cookie('ada');
      expect(await outcome(post({ ...creds, origin: 'http://evil.example' }), settings)).toMatchObject({ status: 403, error: expect.stringMatching(/foreign Origin/) as unknown });
      expect(await outcome(post({ ...creds, origin: 'null' }), settings)).toMatchObject({ status: 403 });
      expect(await outcome(post({ ...creds, origin: 'http://127.0.0.1:3001' }), settings)).toMatchObject({ status: 403 });
      expect(await outcome(post({ ...creds, 'sec-fetch-site': 'cross-site' }), settings)).toMatchObject({ status: 403, error: expect.stringMatching(/cross-site/) as unknown });
      expect(await outcome(post({ ...creds, origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }), settings)).toMatchObject({ status: 200 });
    }
    // reads are not writes: a cross-site GET is answered (the browser keeps the answer from the other site)
    expect(await outcome(get({ origin: 'http://evil.example' }), local, 'viewer')).toMatchObject({ status: 200 });
  });

  it('refuses a cookie-authenticated write that is not JSON, and allows it with a token', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect(await outcome(post({ ...cookie('ada'), ...form }), configured)).toMatchObject({ status: 403, error: expect.stringMatching(/application\/json/) as unknown });
    expect(await outcome(post({ ...cookie('ada'), 'content-type': 'application/json; charset=utf-8' }), configured)).toMatchObject({ status: 200 });
    expect(await outcome(post({ authorization: `Bearer ${operatorToken}`, ...form }), configured)).toMatchObject({ status: 200 });
  });

  it('audits refused writes with the action of their path and the reason, never the credentials', async () => {
    audit = openSqliteAuditLog(tempDir('auth-audit'));
    await outcome(post({ ...cookie('vic'), 'user-agent': 'pw-test', 'x-forwarded-for': '10.1.2.3' }), configured);
    await outcome(post({ authorization: 'Bearer lens_wrong' }, 'http://127.0.0.1:3000/api/replays'), configured);
    await outcome(get({}), configured, 'viewer');
    const { items } = await audit.list(auditQuerySchema.parse({}));
    expect(items.map((i) => [i.action, i.target, i.result, i.actor.name, i.details['status']])).toEqual([
      ['replay', 'replay', 'refused', '(unauthenticated)', 401],
      ['dead-letter.requeue', 'dlq:0:7', 'refused', 'vic', 403],
    ]);
    expect(items[1]?.origin).toEqual({ ip: '10.1.2.3', userAgent: 'pw-test' });
    expect(JSON.stringify(items)).not.toMatch(/lens_wrong|lens_session/);
  });
});

describe('the audit action of a refused write', () => {
  it('is named after the endpoint', () => {
    expect(auditActionForPath('/api/dead-letters/requeue')).toEqual({ action: 'dead-letter.requeue-bulk', target: 'bulk' });
    expect(auditActionForPath('/api/jobs/j1/cancel')).toEqual({ action: 'job.cancel', target: 'j1' });
    expect(auditActionForPath('/api/stuck/billing/orders/3/park')).toEqual({ action: 'stuck.park', target: 'billing/orders/3' });
    expect(auditActionForPath('/api/parks/p-1/undo')).toEqual({ action: 'stuck.unpark', target: 'p-1' });
    expect(auditActionForPath('/api/something')).toEqual({ action: 'request.refused', target: '/api/something' });
  });
});

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuthSettings } from './auth-settings';
import { gateRequest, safeNextPath } from './gate';
import { sessionCookieName, signSession } from './session';

const secret = randomBytes(32);
const configured: AuthSettings = {
  localMode: false,
  users: new Map([['ada', { name: 'ada', role: 'viewer', passwordHash: 'unused' }]]),
  tokens: [],
  sessionSecret: secret,
  trustProxy: false,
};
const local: AuthSettings = { ...configured, localMode: true, users: new Map() };
const at = (pathAndQuery: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  new Request(`http://127.0.0.1:3000${pathAndQuery}`, { ...init, headers: { host: '127.0.0.1:3000', ...init.headers } });

describe('the request gate (proxy)', () => {
  it('sends pages without credentials to the login form, keeping where they were going', () => {
    expect(gateRequest(at('/records?q=a%20b&topic=x'), configured)).toEqual({ kind: 'redirect', location: '/login?next=%2Frecords%3Fq%3Da%2520b%26topic%3Dx' });
    expect(gateRequest(at('/'), configured)).toEqual({ kind: 'redirect', location: '/login?next=%2F' });
  });

  it('answers API reads without credentials with 401, and lets writes reach their route (which refuses and audits them)', () => {
    for (const api of ['/api/records', '/api/health', '/api/audit?format=json', '/api/records/stream', '/api/auth/me']) {
      expect(gateRequest(at(api), configured)).toMatchObject({ kind: 'deny', status: 401 });
    }
    expect(gateRequest(at('/api/replays', { method: 'POST' }), configured)).toEqual({ kind: 'pass' });
  });

  it('leaves the login form and the login endpoint open', () => {
    expect(gateRequest(at('/login?next=%2Flag'), configured)).toEqual({ kind: 'pass' });
    expect(gateRequest(at('/api/auth/login', { method: 'POST' }), configured)).toEqual({ kind: 'pass' });
  });

  it('passes a signed-in user', () => {
    const cookie = `${sessionCookieName}=${signSession('ada', secret)}`;
    expect(gateRequest(at('/records', { headers: { cookie } }), configured)).toEqual({ kind: 'pass' });
    expect(gateRequest(at('/api/records', { headers: { cookie } }), configured)).toEqual({ kind: 'pass' });
  });

  it('passes everything in local mode but a foreign Host', () => {
    expect(gateRequest(at('/records'), local)).toEqual({ kind: 'pass' });
    expect(gateRequest(at('/api/records', { headers: { host: 'localhost:3000' } }), local)).toEqual({ kind: 'pass' });
    expect(gateRequest(at('/records', { headers: { host: 'rebound.example:3000' } }), local)).toMatchObject({ kind: 'deny', status: 403 });
    expect(gateRequest(at('/login', { headers: { host: 'rebound.example' } }), local)).toMatchObject({ kind: 'deny', status: 403 });
  });

  it('only redirects to paths of this site after sign-in', () => {
    expect(['/lag?x=1', '//evil.example', '/\\evil.example', 'https://evil.example', '', null].map(safeNextPath)).toEqual(['/lag?x=1', '/', '/', '/', '/', '/']);
  });
});

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? routeFiles(full) : entry.name === 'route.ts' ? [full] : [];
  });
}

/** A route file's source with the sources of the project modules it imports (`@/…`): handlers may delegate to server code. */
function sourceWithImports(file: string): string {
  const root = path.join(__dirname, '../..');
  const source = fs.readFileSync(file, 'utf8');
  const imported = [...source.matchAll(/from '@\/([^']+)'/g)].flatMap(([, spec = '']) =>
    [`${spec}.ts`, `${spec}.tsx`, `${spec}/index.ts`].map((candidate) => path.join(root, candidate)).filter((candidate) => fs.existsSync(candidate)),
  );
  return [source, ...imported.map((candidate) => fs.readFileSync(candidate, 'utf8'))].join('\n');
}

describe('API routes', () => {
  it('check authorization in every write handler (the proxy lets writes through to be audited)', () => {
    const apiDir = path.join(__dirname, '../../app/api');
    const writers = routeFiles(apiDir).filter((file) => /export (async )?function (POST|PUT|PATCH|DELETE)\b/.test(fs.readFileSync(file, 'utf8')));
    expect(writers.length).toBeGreaterThan(0);
    for (const file of writers) {
      if (path.relative(apiDir, file) === path.join('auth', 'login', 'route.ts')) continue;
      expect(sourceWithImports(file), path.relative(apiDir, file)).toMatch(/authorizeRequest\(\w+, '(operator|viewer)'\)/);
    }
  });
});

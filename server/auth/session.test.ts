import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sessionTtlMs, signSession, verifySession } from './session';

const secret = randomBytes(32);
const now = Date.parse('2026-11-23T12:00:00Z');

describe('session cookies', () => {
  it('verifies a value it signed until it expires', () => {
    const value = signSession('ada', secret, now);
    expect(verifySession(value, secret, now + 1000)).toEqual({ name: 'ada', issuedAt: now, expiresAt: now + sessionTtlMs });
    expect(verifySession(value, secret, now + sessionTtlMs - 1)?.name).toBe('ada');
    expect(verifySession(value, secret, now + sessionTtlMs)).toBeNull();
  });

  it('refuses a value signed with another secret', () => {
    expect(verifySession(signSession('ada', randomBytes(32), now), secret, now)).toBeNull();
  });

  it('refuses a tampered payload or signature', () => {
    const [body = '', signature = ''] = signSession('ada', secret, now).split('.');
    const forged = Buffer.from(JSON.stringify({ v: 1, n: 'admin', iat: now, exp: now + sessionTtlMs })).toString('base64url');
    expect(verifySession(`${forged}.${signature}`, secret, now)).toBeNull();
    const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    expect(verifySession(`${body}.${flipped}`, secret, now)).toBeNull();
    expect(verifySession(`${body}.${signature}.x`, secret, now)).toBeNull();
    expect(verifySession(body, secret, now)).toBeNull();
    expect(verifySession('', secret, now)).toBeNull();
  });

  it('refuses a well-signed value that is not a session', () => {
    const body = Buffer.from('{"n":"ada"}').toString('base64url');
    const signature = createHmac('sha256', secret).update(body).digest('base64url');
    expect(verifySession(`${body}.${signature}`, secret, now)).toBeNull();
  });
});

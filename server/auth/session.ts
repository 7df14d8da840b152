import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const sessionCookieName = 'lens_session';
export const sessionTtlMs = 12 * 3_600_000;

const payloadSchema = z.object({ v: z.literal(1), n: z.string().min(1), iat: z.number().int(), exp: z.number().int() });

export interface Session {
  name: string;
  issuedAt: number;
  expiresAt: number;
}

function mac(secret: Buffer, body: string): Buffer {
  return createHmac('sha256', secret).update(body, 'utf8').digest();
}

/** `<payload base64url>.<HMAC-SHA256 base64url>`; the role is looked up at each request, so a changed role applies at once. */
export function signSession(name: string, secret: Buffer, now = Date.now(), ttlMs = sessionTtlMs): string {
  const body = Buffer.from(JSON.stringify({ v: 1, n: name, iat: now, exp: now + ttlMs })).toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

/** The session of a cookie value, or null when it is malformed, tampered with or expired. */
export function verifySession(value: string, secret: Buffer, now = Date.now()): Session | null {
  const [body, signature, extra] = value.split('.');
  if (!body || !signature || extra !== undefined) return null;
  const expected = mac(secret, body);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success || parsed.data.exp <= now) return null;
  return { name: parsed.data.n, issuedAt: parsed.data.iat, expiresAt: parsed.data.exp };
}

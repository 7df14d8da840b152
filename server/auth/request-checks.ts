import { isLoopbackHost } from '../config/contract';
import type { RequestOrigin } from './contract';

const mutatingMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isMutating(method: string): boolean {
  return mutatingMethods.has(method.toUpperCase());
}

/** The host name of a Host header value (`name:port`, `[v6]:port`), lower-cased, without the port. */
export function hostName(hostHeader: string): string {
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(0, value.indexOf(']') + 1);
  return value.replace(/:\d*$/, '');
}

/** The host the browser addressed: with LENS_TRUST_PROXY the proxy's X-Forwarded-Host, else Host. */
export function requestHost(request: Request, trustProxy: boolean): string | null {
  const forwarded = trustProxy ? request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() : undefined;
  return forwarded || request.headers.get('host');
}

/** DNS-rebinding guard of local mode: a page of evil.example resolving to 127.0.0.1 still sends `Host: evil.example`. */
export function hasLoopbackHost(request: Request): boolean {
  const host = request.headers.get('host');
  return host !== null && isLoopbackHost(hostName(host));
}

/**
 * Why a mutating request looks cross-site, or null: `Sec-Fetch-Site: cross-site`, or an `Origin` (including `null`)
 * other than the host the request was sent to. Clients that send neither (curl, scripts) pass here and need credentials.
 */
export function crossSiteRefusal(request: Request, trustProxy: boolean): string | null {
  if (!isMutating(request.method)) return null;
  if (request.headers.get('sec-fetch-site') === 'cross-site') return 'cross-site request refused (Sec-Fetch-Site: cross-site)';
  const origin = request.headers.get('origin');
  if (origin === null) return null;
  const host = requestHost(request, trustProxy);
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return `request from a foreign Origin refused (${origin.slice(0, 100)})`;
  }
  if (host === null || originHost.toLowerCase() !== host.trim().toLowerCase()) return `request from a foreign Origin refused (${origin.slice(0, 100)})`;
  return null;
}

/** Browsers send a cross-site form post without preflight only as form or text content: cookie-authenticated writes must be JSON. */
export function nonJsonRefusal(request: Request): string | null {
  if (!isMutating(request.method)) return null;
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/json' ? null : 'a browser session may only send Content-Type: application/json to this endpoint';
}

export function isHttps(request: Request, trustProxy: boolean): boolean {
  if (trustProxy && request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https') return true;
  return new URL(request.url).protocol === 'https:';
}

/**
 * Client address for the audit log: X-Forwarded-For's last entry, the one the nearest hop wrote. Behind a
 * trusted proxy (LENS_TRUST_PROXY) that is the proxy's view of the client; otherwise the client's own header
 * was dropped at the socket (distrustForwardedHeaders) and Next.js wrote the peer address there.
 */
export function requestOrigin(request: Request): RequestOrigin {
  const forwarded = request.headers.get('x-forwarded-for');
  const entries = forwarded?.split(',').map((part) => part.trim()).filter(Boolean) ?? [];
  const ip = entries.at(-1) ?? null;
  return { ip: ip && ip.slice(0, 100), userAgent: request.headers.get('user-agent')?.slice(0, 300) ?? null };
}

import http from 'node:http';

const forwardedHeaders = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'forwarded'];
const installed = Symbol.for('eventy-lens.forwarded-headers-dropped');

/** Removes X-Forwarded-* a client sent itself; Next.js then fills them from the socket, so the audit's address is the real peer. */
export function dropForwardedHeaders(request: http.IncomingMessage): void {
  for (const name of forwardedHeaders) delete request.headers[name];
}

/**
 * Without LENS_TRUST_PROXY nobody in front of us may speak for the client: every HTTP server of this
 * process (the one `next start` made included) drops those headers before any handler sees them.
 */
export function distrustForwardedHeaders(): void {
  const proto = http.Server.prototype as http.Server & { [installed]?: true };
  if (proto[installed]) return;
  proto[installed] = true;
  const emit = Reflect.get(proto, 'emit') as (...args: unknown[]) => boolean;
  Reflect.set(proto, 'emit', function emitWithoutForwarded(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request' && args[0] instanceof http.IncomingMessage) dropForwardedHeaders(args[0]);
    return Reflect.apply(emit, this, [event, ...args]);
  });
}

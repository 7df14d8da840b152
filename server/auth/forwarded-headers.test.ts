import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { distrustForwardedHeaders } from './forwarded-headers';

describe('distrusting X-Forwarded-* from clients', () => {
  it('removes them before a server of this process sees the request', async () => {
    distrustForwardedHeaders();
    distrustForwardedHeaders();
    const server = http.createServer((request, response) => response.end(JSON.stringify(request.headers)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'x-forwarded-for': '6.6.6.6', 'x-forwarded-host': 'evil.example', 'x-other': 'kept' } });
      const headers = (await answer.json()) as Record<string, string>;
      expect(headers['x-forwarded-for']).toBeUndefined();
      expect(headers['x-forwarded-host']).toBeUndefined();
      expect(headers['x-other']).toBe('kept');
    } finally {
      server.close();
    }
  });
});

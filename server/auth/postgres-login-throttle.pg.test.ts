import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabaseUrl, testSchemas, withDatabase } from '../../testing/postgres-fixtures';
import { describeLoginThrottle } from './login-throttle.contract';
import type { LoginThrottle } from './login-throttle';
import { createPostgresLoginThrottle } from './postgres-login-throttle';

const schemas = testSchemas('lens_throttle');
const opened: LoginThrottle[] = [];
type Log = { warn: (message: string) => void; info: (message: string) => void };
const open = (url: string, schema?: string, log?: Log) => {
  const throttle = createPostgresLoginThrottle({ url, ...(schema === undefined ? {} : { schema }), ...(log ? { log } : {}) });
  opened.push(throttle);
  return throttle;
};
const cleanup = async () => {
  for (const throttle of opened.splice(0)) await throttle.close?.();
  await schemas.dropAll();
};

/** A URL of this machine on a port nothing listens on: every connection is refused. */
async function deadDatabaseUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `postgres://lens@127.0.0.1:${address.port}/lens`;
}

describe('the sign-in throttle in the shared PostgreSQL database', () => {
  // the database answers here: a fall-back to memory would hide a broken query
  const warnings: string[] = [];
  const watch: Log = { warn: (message) => warnings.push(message), info: () => undefined };
  afterEach(() => expect(warnings).toEqual([]));
  describeLoginThrottle({ open: async () => open(testDatabaseUrl(), await schemas.create(), watch), cleanup });

  it('is one throttle for every instance: failures through two add up, a success through one clears it for the other', async () => {
    const schema = await schemas.create();
    const [first, second] = [open(testDatabaseUrl(), schema, watch), open(testDatabaseUrl(), schema, watch)];
    const keys = ['user:ada', 'ip:10.0.0.1'];
    await Promise.all([first.failed(keys, 1000), second.failed(keys, 1000), first.failed(keys, 1000), second.failed(keys, 1000)]);
    expect(await first.waitMs(keys, 1000)).toBe(0);
    await second.failed(keys, 1000);
    expect(await first.waitMs(keys, 1000)).toBe(1000);
    expect(await second.waitMs(['user:ada'], 1000)).toBe(1000);
    await first.succeeded(['user:ada']);
    expect(await second.waitMs(['user:ada'], 1000)).toBe(0);
    await first.failed(['user:ada'], 2000);
    expect(await second.waitMs(['user:ada'], 2000)).toBe(0);
    // a new instance (or one restarted) knows the failures too
    for (let i = 0; i < 4; i++) await second.failed(['user:ada'], 2000);
    expect(await open(testDatabaseUrl(), schema, watch).waitMs(['user:ada'], 2000)).toBe(1000);
  });

  it('deletes the rows of keys quiet for longer than the longest wait', async () => {
    const schema = await schemas.create();
    await open(testDatabaseUrl(), schema, watch).failed(['user:old', 'ip:10.0.0.1'], 0);
    await open(testDatabaseUrl(), schema, watch).failed(['user:new', 'ip:10.0.0.1'], 15 * 60_000 + 1);
    const { rows } = await withDatabase((client) => client.query<{ key: string; count: number }>(`SELECT key, count FROM ${schema}.login_failures ORDER BY key`));
    expect(rows).toEqual([{ key: 'ip:10.0.0.1', count: 1 }, { key: 'user:new', count: 1 }]);
  });
});

describe('the sign-in throttle of a shared setup whose database does not answer', () => {
  let url = '';
  const quiet: Log = { warn: () => undefined, info: () => undefined };
  describeLoginThrottle({
    open: async () => open((url ||= await deadDatabaseUrl()), undefined, quiet),
    cleanup: () => cleanup(),
  });

  it('still slows guessing down on this instance, warning once per outage', async () => {
    const warnings: string[] = [];
    const throttle = open(await deadDatabaseUrl(), undefined, { warn: (message) => warnings.push(message), info: () => undefined });
    for (let i = 0; i < 5; i++) await throttle.failed(['user:ada', 'ip:10.0.0.1'], 1000);
    expect(await throttle.waitMs(['user:ada'], 1000)).toBe(1000);
    await throttle.succeeded(['user:ada']);
    expect(await throttle.waitMs(['user:ada'], 1000)).toBe(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/does not answer/);
  });
});

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createLogger } from '../telemetry/logger';
import { applyPostgresMigrations, postgresConnection } from '../store/postgres/schema';

const log = createLogger('auth');

/**
 * The session-signing secret every dashboard of a shared setup uses when LENS_SESSION_SECRET is not given: made once,
 * at random, by the first instance, and kept in the shared database (`lens_secrets`), so a session signed by one
 * instance is valid on every other behind the load balancer. Whoever can read that database can already read
 * everything Eventy Lens keeps.
 */
export async function readSharedSessionSecret(url: string, schema?: string): Promise<Buffer> {
  const client = new pg.Client(postgresConnection(url, 'eventy-lens-auth', schema));
  client.on('error', () => undefined);
  await client.connect();
  try {
    await applyPostgresMigrations(client);
    await client.query(`INSERT INTO lens_secrets (name, value) VALUES ('session', $1) ON CONFLICT (name) DO NOTHING`, [randomBytes(32).toString('base64')]);
    const { rows } = await client.query<{ value: string }>(`SELECT value FROM lens_secrets WHERE name = 'session'`);
    const secret = Buffer.from(rows[0]?.value ?? '', 'base64');
    if (secret.length < 16) throw new Error("lens_secrets holds no usable session secret; delete its 'session' row to have a new one made");
    return secret;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Waits for the shared database (it may start after the dashboard), asking every 2 s for up to `timeoutMs`. */
export async function waitForSharedSessionSecret(url: string, timeoutMs = 120_000): Promise<Buffer> {
  const deadline = performance.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await readSharedSessionSecret(url);
    } catch (error) {
      if (performance.now() > deadline) throw error;
      if (attempt === 1) log.warn('waiting for the shared database to read the session secret', { error });
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

import pg from 'pg';
import { migrateOnFirstUse, postgresConnection } from '../store/postgres/schema';
import { createLogger, type Logger } from '../telemetry/logger';
import { createLoginThrottle, maxWaitMs, remainingMs, type LoginThrottle } from './login-throttle';

export interface PostgresLoginThrottleOptions {
  url: string;
  /** an existing schema to keep the table in (tests use one each) */
  schema?: string;
  /** where the outage warnings go (tests listen) */
  log?: Pick<Logger, 'warn' | 'info'>;
}

/** Rows quiet for longer than the longest wait are deleted now and then, at most this often. */
const cleanupEveryMs = 60_000;
/** While the database does not answer, how often it is asked again. */
const retryEveryMs = 5000;

/**
 * The sign-in throttle of a shared setup (LENS_DATABASE_URL): failures are counted in the shared database
 * (`login_failures`), so every dashboard behind the load balancer slows the same guesser down, and a restart forgets
 * nothing. Same rules as the in-memory throttle (login-throttle.ts). Each failure is one atomic upsert per key, so
 * two instances failing the same user at once both count.
 *
 * When the database does not answer (refused, timed out, or any other error), the call falls back to an in-memory
 * throttle of this instance: guessing is still slowed down (per instance, as without a shared database) and
 * signing in does not depend on the table being up. A warning is logged once per outage. The waits this instance
 * counted during an outage still apply after it (the longer of the two is used) until they are forgiven or cleared
 * by a success.
 */
export function createPostgresLoginThrottle(options: PostgresLoginThrottleOptions): LoginThrottle {
  const pool = new pg.Pool({
    ...postgresConnection(options.url, 'eventy-lens-auth', options.schema),
    max: 2,
    connectionTimeoutMillis: 5000,
    query_timeout: 5000,
  });
  pool.on('error', () => undefined);
  const ready = migrateOnFirstUse(pool);
  const local = createLoginThrottle();
  const log = options.log ?? createLogger('auth');
  let down = false;
  let retryAt = 0;
  let lastCleanup = Number.NEGATIVE_INFINITY;
  let closed: Promise<void> | null = null;

  /**
   * Runs `shared` on the database; if it does not answer, `fallback` on this instance's memory. During an outage the
   * database is asked again at most every few seconds, so sign-ins do not each wait for a connection to time out.
   */
  async function either<T>(shared: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    if (down && performance.now() < retryAt) return fallback();
    let result: T;
    try {
      await ready();
      result = await shared();
    } catch (error) {
      if (!down) log.warn('the shared database does not answer: failed sign-ins are counted by this instance alone until it does', { error });
      down = true;
      retryAt = performance.now() + retryEveryMs;
      return fallback();
    }
    if (down) log.info('the shared database answers again: failed sign-ins are counted for every instance');
    down = false;
    return result;
  }

  return {
    async waitMs(keys, now = Date.now()) {
      const mine = await local.waitMs(keys, now);
      return either(async () => {
        const { rows } = await pool.query<{ key: string; count: number; last_at: string }>('SELECT key, count, last_at FROM login_failures WHERE key = ANY($1)', [[...keys]]);
        const waits = rows.map((row) => remainingMs(row.key, { count: row.count, lastAt: Number(row.last_at) }, now));
        return Math.max(mine, ...waits);
      }, () => Promise.resolve(mine));
    },
    failed(keys, now = Date.now()) {
      return either(async () => {
        await pool.query(
          `INSERT INTO login_failures (key, count, last_at) SELECT key, 1, $2::bigint FROM unnest($1::text[]) AS key
           ON CONFLICT (key) DO UPDATE SET
             count = CASE WHEN $2::bigint - login_failures.last_at > $3::bigint THEN 1 ELSE login_failures.count + 1 END,
             last_at = $2::bigint`,
          [[...new Set(keys)], now, maxWaitMs],
        );
        if (now - lastCleanup >= cleanupEveryMs) {
          lastCleanup = now;
          await pool.query('DELETE FROM login_failures WHERE last_at < $1', [now - maxWaitMs]);
        }
      }, () => local.failed(keys, now));
    },
    async succeeded(keys) {
      await local.succeeded(keys);
      await either(async () => {
        await pool.query('DELETE FROM login_failures WHERE key = ANY($1)', [[...keys]]);
      }, () => Promise.resolve());
    },
    close: () => (closed ??= pool.end()),
  };
}

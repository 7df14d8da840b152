import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateOnFirstUse, postgresConnection } from '../store/postgres/schema';
import type { Hold, LogEngine, SqlRunner, SqlValue } from './log-engine';

export interface PostgresLogEngineOptions {
  url: string;
  /** an existing schema to keep the tables in (tests use one each) */
  schema?: string;
  applicationName: string;
}

/** `?` placeholders to PostgreSQL's `$n` (the log's SQL has no `?` inside literals). */
const numbered = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

const runnerOf = (query: (sql: string, params: SqlValue[]) => Promise<pg.QueryResult>): SqlRunner => ({
  all: async <T extends object>(sql: string, params: readonly SqlValue[] = []) => (await query(numbered(sql), [...params])).rows as T[],
  run: async (sql, params = []) => (await query(numbered(sql), [...params])).rowCount ?? 0,
});

async function inTransaction<T>(client: pg.ClientBase, work: (sql: SqlRunner) => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work(runnerOf((sql, params) => client.query(sql, params)));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * The requeue log's engine on the shared PostgreSQL database (LENS_DATABASE_URL). A hold is a connection of its own
 * that keeps a session advisory lock on a random 63-bit token: a row marked with the token is in live hands while the
 * lock is held, and PostgreSQL releases it when the hold ends or its process dies (the connection closes), so any
 * instance can tell a crashed sender's row from one being sent (`freeHolder`, `pg_try_advisory_xact_lock`).
 */
export function openPostgresLogEngine(options: PostgresLogEngineOptions): LogEngine {
  const connection = postgresConnection(options.url, options.applicationName, options.schema);
  const pool = new pg.Pool({ ...connection, max: 6 });
  pool.on('error', () => undefined);
  const ready = migrateOnFirstUse(pool);
  void ready().catch(() => undefined);
  const holds = new Set<pg.Client>();
  return {
    engine: 'postgres',
    sql: runnerOf(async (sql, params) => {
      await ready();
      return pool.query(sql, params);
    }),
    async transaction(work) {
      await ready();
      const client = await pool.connect();
      try {
        return await inTransaction(client, work);
      } finally {
        client.release();
      }
    },
    async hold<T>(work: (hold: Hold) => Promise<T>): Promise<T> {
      await ready();
      const client = new pg.Client(connection);
      client.on('error', () => undefined);
      await client.connect();
      holds.add(client);
      try {
        const token = (BigInt(`0x${randomBytes(8).toString('hex')}`) >> 1n).toString();
        await client.query('SELECT pg_advisory_lock($1)', [token]);
        return await work({ token, sql: runnerOf((sql, params) => client.query(sql, params)), transaction: (w) => inTransaction(client, w) });
      } finally {
        holds.delete(client);
        // closing the connection releases the lock
        await client.end().catch(() => undefined);
      }
    },
    // a live hold keeps its lock, so trying it fails; a dead one's succeeds (and is let go at the end of the transaction)
    freeHolder: (column) => `(${column} IS NULL OR pg_try_advisory_xact_lock(${column}))`,
    async close() {
      await Promise.allSettled([...holds].map((client) => client.end()));
      await pool.end();
    },
  };
}

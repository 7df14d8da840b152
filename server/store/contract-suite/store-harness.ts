import { randomBytes } from 'node:crypto';
import { afterAll, afterEach } from 'vitest';
import pg from 'pg';
import { testDatabaseUrl } from '../../../testing/postgres-fixtures';
import type { DeadLetterTopicsConfig } from '../../deadletters/contract';
import type { RecordStore } from '../contract';
import { openPostgresRecordStore } from '../postgres/postgres-record-store';
import { makeTempDir, removeTempDirs } from '../sqlite/record-fixtures';
import { openSqliteRecordStore } from '../sqlite/sqlite-record-store';

export interface StoreOpenOptions {
  /** reopen the store made by an earlier `open` (its `at`); a new, empty store otherwise */
  at?: string;
  maxRawBytes?: number;
  previewBytes?: number;
  deadLetters?: DeadLetterTopicsConfig;
}

/** How the shared contract suites get stores of one engine. */
export interface StoreHarness {
  engine: 'sqlite' | 'postgres';
  open(options?: StoreOpenOptions): Promise<{ store: RecordStore; at: string }>;
  /** removes everything the harness made; stores must be closed */
  cleanup(): Promise<void>;
}

export function sqliteHarness(): StoreHarness {
  return {
    engine: 'sqlite',
    open: ({ at, ...options } = {}) => {
      const dataDir = at ?? makeTempDir();
      return Promise.resolve({ store: openSqliteRecordStore({ dataDir, ...options }), at: dataDir });
    },
    cleanup: () => Promise.resolve(removeTempDirs()),
  };
}

/**
 * Stores in a PostgreSQL server (LENS_TEST_DATABASE_URL, set by `npm test`, which starts a throwaway one):
 * each new store gets a schema of its own, dropped by cleanup.
 */
export function postgresHarness(): StoreHarness {
  const schemas: string[] = [];
  const url = testDatabaseUrl;
  return {
    engine: 'postgres',
    open: async ({ at, ...options } = {}) => {
      const schema = at ?? `lens_test_${randomBytes(6).toString('hex')}`;
      if (at === undefined) {
        const client = new pg.Client({ connectionString: url() });
        await client.connect();
        try {
          await client.query(`CREATE SCHEMA ${schema}`);
        } finally {
          await client.end();
        }
        schemas.push(schema);
      }
      return { store: openPostgresRecordStore({ url: url(), schema, ...options }), at: schema };
    },
    cleanup: async () => {
      if (schemas.length === 0) return;
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        for (const schema of schemas.splice(0)) await client.query(`DROP SCHEMA ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** For one suite: opens stores, closes them after each test, and cleans the harness up after the suite. */
export function storesFor(harness: StoreHarness): (options?: StoreOpenOptions) => Promise<RecordStore> {
  const open: RecordStore[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((store) => store.close()));
  });
  afterAll(() => harness.cleanup());
  return async (options = {}) => {
    const { store } = await harness.open(options);
    open.push(store);
    return store;
  };
}

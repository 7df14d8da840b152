/** Helpers for tests that talk to the real PostgreSQL server (started by `npm test`, URL in LENS_TEST_DATABASE_URL). */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The test server's URL; failing, not skipping, when `npm test` did not start one. */
export function testDatabaseUrl(): string {
  const url = process.env['LENS_TEST_DATABASE_URL'];
  if (url === undefined || url === '') throw new Error('LENS_TEST_DATABASE_URL is not set: run through `npm test`, or start one with `bash scripts/pg/pg.sh start`');
  return url;
}

/** The URL of another database on the test server. */
export function databaseUrlOf(database: string): string {
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

/** A database name derived from a test prefix (letters, digits and underscores, at most 60 characters). */
export function databaseNameOf(prefix: string): string {
  return `lens_${prefix.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`.slice(0, 60);
}

/** Runs `work` on a client of `url` (the test server's default database unless given), closed afterwards. */
export async function withDatabase<T>(work: (client: pg.Client) => Promise<T>, url = testDatabaseUrl()): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Schemas of the test server made for one suite (one per store or log under test), dropped together at the end. */
export function testSchemas(prefix: string): { create(): Promise<string>; dropAll(): Promise<void> } {
  const made: string[] = [];
  return {
    async create() {
      const schema = `${prefix}_${randomBytes(5).toString('hex')}`;
      await withDatabase((client) => client.query(`CREATE SCHEMA ${schema}`));
      made.push(schema);
      return schema;
    },
    async dropAll() {
      for (const schema of made.splice(0)) await withDatabase((client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
    },
  };
}

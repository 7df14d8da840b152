import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import { describeAuditLog } from './audit-log.contract';
import { openPostgresAuditLog } from './postgres-audit-log';

const schemas: string[] = [];
function url(): string {
  const value = process.env['LENS_TEST_DATABASE_URL'];
  if (value === undefined || value === '') throw new Error('LENS_TEST_DATABASE_URL is not set: run through `npm test`, or start one with `bash scripts/pg/pg.sh start`');
  return value;
}
async function sql(text: string, schema?: string): Promise<void> {
  const client = new pg.Client({ connectionString: url(), ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

describe('the PostgreSQL audit log', () =>
  describeAuditLog({
    open: async (at) => {
      const schema = at ?? `lens_audit_${randomBytes(5).toString('hex')}`;
      if (at === undefined) {
        await sql(`CREATE SCHEMA ${schema}`);
        schemas.push(schema);
      }
      return { log: openPostgresAuditLog({ url: url(), schema }), at: schema };
    },
    tamper: (at, text) => sql(text, at),
    cleanup: async () => {
      for (const schema of schemas.splice(0)) await sql(`DROP SCHEMA ${schema} CASCADE`);
    },
  }));

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import { testDatabaseUrl } from '../../testing/postgres-fixtures';
import { describeAuditLog } from './audit-log.contract';
import { openPostgresAuditLog } from './postgres-audit-log';

const schemas: string[] = [];
const url = testDatabaseUrl;
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

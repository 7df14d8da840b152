import pg from 'pg';
import { describe } from 'vitest';
import { testDatabaseUrl, testSchemas } from '../../testing/postgres-fixtures';
import { describeAuditLog } from './audit-log.contract';
import { openPostgresAuditLog } from './postgres-audit-log';

const schemas = testSchemas('lens_audit');
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
      const schema = at ?? (await schemas.create());
      return { log: openPostgresAuditLog({ url: url(), schema }), at: schema };
    },
    tamper: (at, text) => sql(text, at),
    cleanup: () => schemas.dropAll(),
  }));

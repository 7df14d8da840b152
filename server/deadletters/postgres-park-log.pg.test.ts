import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import { testDatabaseUrl, withDatabase } from '../../testing/postgres-fixtures';
import { describeParkLog } from './park-log.contract';
import { openPostgresParkLog } from './postgres-park-log';

const schemas: string[] = [];

describe('the PostgreSQL park log', () =>
  describeParkLog({
    open: async (at) => {
      const schema = at ?? `lens_parks_${randomBytes(5).toString('hex')}`;
      if (at === undefined) {
        await withDatabase((client) => client.query(`CREATE SCHEMA ${schema}`));
        schemas.push(schema);
      }
      return { log: openPostgresParkLog({ url: testDatabaseUrl(), schema }), at: schema };
    },
    cleanup: async () => {
      for (const schema of schemas.splice(0)) await withDatabase((client) => client.query(`DROP SCHEMA ${schema} CASCADE`));
    },
  }));

import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import { testDatabaseUrl, withDatabase } from '../../testing/postgres-fixtures';
import { describeRequeueLog } from './requeue-log.contract';

const schemas: string[] = [];

describe('the PostgreSQL requeue log', () =>
  describeRequeueLog({
    newLocation: async () => {
      const schema = `lens_requeue_${randomBytes(5).toString('hex')}`;
      await withDatabase((client) => client.query(`CREATE SCHEMA ${schema}`));
      schemas.push(schema);
      return { databaseUrl: testDatabaseUrl(), schema };
    },
    cleanup: async () => {
      for (const schema of schemas.splice(0)) await withDatabase((client) => client.query(`DROP SCHEMA ${schema} CASCADE`));
    },
  }));

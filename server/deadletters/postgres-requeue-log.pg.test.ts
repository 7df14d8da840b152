import { describe } from 'vitest';
import { testDatabaseUrl, testSchemas } from '../../testing/postgres-fixtures';
import { describeRequeueLog } from './requeue-log.contract';

const schemas = testSchemas('lens_requeue');

describe('the PostgreSQL requeue log', () =>
  describeRequeueLog({
    newLocation: async () => ({ databaseUrl: testDatabaseUrl(), schema: await schemas.create() }),
    cleanup: () => schemas.dropAll(),
  }));

import { describe } from 'vitest';
import { testDatabaseUrl, testSchemas } from '../../testing/postgres-fixtures';
import { describeParkLog } from './park-log.contract';
import { openPostgresParkLog } from './postgres-park-log';

const schemas = testSchemas('lens_parks');

describe('the PostgreSQL park log', () =>
  describeParkLog({
    open: async (at) => {
      const schema = at ?? (await schemas.create());
      return { log: openPostgresParkLog({ url: testDatabaseUrl(), schema }), at: schema };
    },
    cleanup: () => schemas.dropAll(),
  }));

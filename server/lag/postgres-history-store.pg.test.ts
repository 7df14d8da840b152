import { afterAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl, testSchemas, withDatabase } from '../../testing/postgres-fixtures';
import { describeLagHistoryStore, lagSample } from './history-store.contract';
import type { LagHistoryStore } from './history-store';
import { openPostgresLagHistoryStore } from './postgres-history-store';

const schemas = testSchemas('lens_lag');
const newSchema = () => schemas.create();
const dropSchemas = () => schemas.dropAll();

describe('the PostgreSQL lag history', () =>
  describeLagHistoryStore({
    open: async (at) => {
      const schema = at ?? (await newSchema());
      return { history: openPostgresLagHistoryStore({ url: testDatabaseUrl(), schema }), at: schema };
    },
    cleanup: dropSchemas,
  }));

describe('one lag history shared by several instances', () => {
  const open: LagHistoryStore[] = [];
  afterAll(async () => {
    await Promise.all(open.map((h) => h.close()));
    await dropSchemas();
  });
  const instance = (schema: string) => {
    const history = openPostgresLagHistoryStore({ url: testDatabaseUrl(), schema });
    open.push(history);
    return history;
  };
  const times = async (h: LagHistoryStore) => (await h.querySamples('billing', 0, Infinity)).map((s) => s.time);

  it('has one writer at a time; when it closes, another instance takes over on its next write', async () => {
    const schema = await newSchema();
    const [first, second] = [instance(schema), instance(schema)];
    expect(await first.insertSamples([lagSample(0, 0, 1, 2)])).toBe(true);
    // the second samples too, but only reads: its samples, prune and thin go nowhere
    expect(await second.insertSamples([lagSample(1, 0, 1, 2)])).toBe(false);
    expect(await second.pruneBefore(Number.MAX_SAFE_INTEGER)).toBe(0);
    expect(await second.thin(0, Number.MAX_SAFE_INTEGER, 3_600_000)).toBe(0);
    expect(await first.insertSamples([lagSample(2, 0, 1, 2)])).toBe(true);
    expect(await times(second)).toEqual([lagSample(0, 0, 1, 2).time, lagSample(2, 0, 1, 2).time]);

    await first.close();
    expect(await second.insertSamples([lagSample(3, 0, 1, 2)])).toBe(true);
    expect(await second.pruneBefore(Date.parse(lagSample(2, 0, 1, 2).time))).toBe(1);
    const third = instance(schema);
    expect(await third.insertSamples([lagSample(4, 0, 1, 2)])).toBe(false);
    expect(await times(third)).toEqual([lagSample(2, 0, 1, 2).time, lagSample(3, 0, 1, 2).time]);
  });

  it('hands the writing over when the writer dies: its connection ends, the lock frees, and the dead one knows it lost it', async () => {
    const schema = await newSchema();
    const [first, second] = [instance(schema), instance(schema)];
    expect(await first.insertSamples([lagSample(0, 0, 1, 2)])).toBe(true);
    expect(await second.insertSamples([lagSample(1, 0, 1, 2)])).toBe(false);
    // what PostgreSQL does when the writer's process dies: its session ends
    const killed = await withDatabase((client) =>
      client.query(
        `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid::bigint = (hashtext($2) & 4294967295) AND granted`,
        [0x4c616753, schema],
      ),
    );
    expect(killed.rowCount).toBe(1);
    await expect.poll(() => second.insertSamples([lagSample(2, 0, 1, 2)]), { timeout: 10_000 }).toBe(true);
    expect(await first.insertSamples([lagSample(3, 0, 1, 2)])).toBe(false);
    expect(await times(first)).toEqual([lagSample(0, 0, 1, 2).time, lagSample(2, 0, 1, 2).time]);
  });
});

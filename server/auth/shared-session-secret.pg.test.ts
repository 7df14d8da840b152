import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { testDatabaseUrl, testSchemas } from '../../testing/postgres-fixtures';
import { loadAuthSettings } from './auth-settings';
import { readSharedSessionSecret } from './shared-session-secret';

const schemas = testSchemas('lens_secret');
const newSchema = () => schemas.create();
afterAll(() => schemas.dropAll());

describe('the session secret of a shared setup', () => {
  it('is made once and read alike by every instance of one database, and differs between databases', async () => {
    const schema = await newSchema();
    const [first, second] = await Promise.all([readSharedSessionSecret(testDatabaseUrl(), schema), readSharedSessionSecret(testDatabaseUrl(), schema)]);
    expect(first.length).toBe(32);
    expect(second.equals(first)).toBe(true);
    expect((await readSharedSessionSecret(testDatabaseUrl(), schema)).equals(first)).toBe(true);
    expect((await readSharedSessionSecret(testDatabaseUrl(), await newSchema())).equals(first)).toBe(false);
  });

  it('gives way to LENS_SESSION_SECRET when one is set', async () => {
    const shared = await readSharedSessionSecret(testDatabaseUrl(), await newSchema());
    const given = 'a-session-secret-of-at-least-32-characters';
    expect(loadAuthSettings(loadConfig({ LENS_SESSION_SECRET: given }), shared).sessionSecret.toString('utf8')).toBe(given);
    expect(loadAuthSettings(loadConfig({ LENS_DATA_DIR: '/nonexistent-never-written' }), shared).sessionSecret.equals(shared)).toBe(true);
  });
});

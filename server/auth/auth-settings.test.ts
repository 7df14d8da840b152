import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/kafka-fixtures';
import { describeConfig, loadConfig } from '../config';
import { tokenSha256 } from './api-token';
import { loadAuthSettings } from './auth-settings';
import { hashPassword } from './password';

function write(dir: string, name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
}

describe('choosing local mode or authentication', () => {
  it('is local mode on a loopback listener with no users or tokens', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.2']) {
      expect(loadAuthSettings(loadConfig({ LENS_HOST: host, LENS_DATA_DIR: tempDir('auth') })).localMode).toBe(true);
    }
  });

  it('refuses to start on another address without users or tokens, naming what to set', () => {
    for (const host of ['0.0.0.0', '192.168.1.5', 'lens.example', '::']) {
      expect(() => loadConfig({ LENS_HOST: host })).toThrow(/LENS_HOST: .*LENS_AUTH_USERS_FILE and\/or LENS_API_TOKENS_FILE/);
    }
  });

  it('requires authentication once users or tokens are configured, on loopback too', async () => {
    const dir = tempDir('auth');
    const usersFile = write(dir, 'users.json', [{ name: 'ada', role: 'operator', passwordHash: await hashPassword('pw') }]);
    const tokensFile = write(dir, 'tokens.json', [{ name: 'ci', role: 'viewer', tokenSha256: tokenSha256('t') }]);
    const onLoopback = loadAuthSettings(loadConfig({ LENS_DATA_DIR: dir, LENS_AUTH_USERS_FILE: usersFile }));
    expect(onLoopback.localMode).toBe(false);
    expect([...onLoopback.users.keys()]).toEqual(['ada']);
    const everywhere = loadAuthSettings(loadConfig({ LENS_DATA_DIR: dir, LENS_HOST: '0.0.0.0', LENS_API_TOKENS_FILE: tokensFile }));
    expect(everywhere.localMode).toBe(false);
    expect(everywhere.tokens.map((t) => t.name)).toEqual(['ci']);
  });

  it('refuses a credentials file with a bad entry, without quoting its values', () => {
    const dir = tempDir('auth');
    const usersFile = write(dir, 'users.json', [{ name: 'ada', role: 'admin', passwordHash: 'hunter2' }]);
    expect(() => loadAuthSettings(loadConfig({ LENS_DATA_DIR: dir, LENS_AUTH_USERS_FILE: usersFile }))).toThrow(/LENS_AUTH_USERS_FILE .*\[0\.role\]/);
    expect(() => loadAuthSettings(loadConfig({ LENS_DATA_DIR: dir, LENS_AUTH_USERS_FILE: usersFile }))).not.toThrow(/hunter2/);
    const twice = write(dir, 'tokens.json', [1, 2].map(() => ({ name: 'ci', role: 'viewer', tokenSha256: tokenSha256('t') })));
    expect(() => loadAuthSettings(loadConfig({ LENS_DATA_DIR: dir, LENS_API_TOKENS_FILE: twice }))).toThrow(/ci appears twice/);
    expect(() => loadAuthSettings(loadConfig({ LENS_DATA_DIR: dir, LENS_API_TOKENS_FILE: path.join(dir, 'missing.json') }))).toThrow(/cannot read/);
  });

  it('makes a session secret once, readable by the owner only, and keeps it across restarts', () => {
    const dir = tempDir('auth');
    const first = loadAuthSettings(loadConfig({ LENS_DATA_DIR: dir })).sessionSecret;
    expect(first.length).toBe(32);
    expect(fs.statSync(path.join(dir, 'session-secret')).mode & 0o777).toBe(0o600);
    expect(loadAuthSettings(loadConfig({ LENS_DATA_DIR: dir })).sessionSecret.equals(first)).toBe(true);
    const given = loadAuthSettings(loadConfig({ LENS_DATA_DIR: dir, LENS_SESSION_SECRET: 'x'.repeat(40) })).sessionSecret;
    expect(given.toString()).toBe('x'.repeat(40));
    expect(describeConfig(loadConfig({ LENS_SESSION_SECRET: 's3cret'.repeat(8) }))).not.toContain('s3cret');
  });
});

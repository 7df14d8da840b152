import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RecordStore } from '../contract';
import { decodedMessage, makeTempDir, removeTempDirs } from './record-fixtures';
import { schemaVersion } from './schema';
import { openSqliteRecordStore, parseRecordId } from './sqlite-record-store';

const open: RecordStore[] = [];
function openStore(dataDir = makeTempDir(), limits: { maxRawBytes?: number; previewBytes?: number } = {}) {
  const store = openSqliteRecordStore({ dataDir, ...limits });
  open.push(store);
  return store;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((store) => store.close()));
});
afterAll(removeTempDirs);

describe('the SQLite file', () => {
  const batch = [0, 1, 2].map((offset) => decodedMessage({ offset }));

  it('creates the directory, a WAL database and records its schema version', async () => {
    const dir = path.join(makeTempDir(), 'nested', 'data');
    const store = openStore(dir);
    await store.insertBatch(batch);
    const peek = new DatabaseSync(path.join(dir, 'records.sqlite'), { readOnly: true });
    expect(peek.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(peek.prepare('PRAGMA user_version').get()).toEqual({ user_version: schemaVersion });
    expect(peek.prepare('PRAGMA page_size').get()).toEqual({ page_size: 8192 });
    // statistics of small tables would mislead the planner once they are large
    expect(peek.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE name = 'sqlite_stat1'`).get()).toEqual({ n: 0 });
    peek.close();
    expect(fs.existsSync(path.join(dir, 'records.sqlite-wal'))).toBe(true);
  });

  it('reads record ids from the right', () => {
    expect(parseRecordId('a:b:2:3')).toEqual(['a:b', 2, 3]);
  });
});

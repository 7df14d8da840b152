import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { recordQuerySchema, type RecordQuery, type RecordStore } from '../contract';
import { baseTime, decodedMessage, eventyRecord, makeTempDir, removeTempDirs, undecodableMessage } from './record-fixtures';
import { schemaVersion } from './schema';
import { openSqliteRecordStore } from './sqlite-record-store';

afterAll(removeTempDirs);

const rows = [
  decodedMessage(
    { offset: 0, timestamp: baseTime, headers: [{ key: 'traceparent', value: '00-abc-01', encoding: 'utf8' }] },
    eventyRecord({ uuid: 'ev-0', data: { nested: [{ deep: 'zanzibar' }] } }),
  ),
  decodedMessage(
    { topic: 'billing-responses', offset: 0, timestamp: baseTime + 1000, key: Buffer.from([0xff, 0xfe]) },
    eventyRecord({ type: 'RESPONSE', source: 'urn:billing', destination: 'urn:orders', uuid: 'resp-1', request_uuid: 'req-0', error_message: 'card declined' }),
  ),
  undecodableMessage({ offset: 1, timestamp: baseTime + 2000, key: 'junk', headers: [{ key: 'x-origin', value: 'legacy', encoding: 'utf8' }] }, Buffer.from('plain quokka')),
];

const queries: Partial<RecordQuery>[] = [
  { header: 'traceparent' },
  { header: 'traceparent', headerValue: '00-abc-01' },
  { header: 'x-origin', headerValue: 'legacy' },
  { service: 'urn:orders' },
  { service: 'urn:billing' },
  { destination: 'urn:orders' },
  { q: 'zanzibar' },
  { q: 'declined' },
  { q: 'quokka' },
  { q: 'junk' },
  { uuid: 'resp-1' },
  { requestUuid: 'req-0' },
  { correlationId: eventyRecord().correlation_id },
  { key: 'junk' },
  { key: 'base64://4=' },
];

async function answers(store: RecordStore): Promise<string[][]> {
  const pages = await Promise.all(queries.map((query) => store.queryRecords(recordQuerySchema.parse(query))));
  return pages.map((page) => page.items.map((item) => item.id));
}

/** Takes a database back to schema 3: no destination or source+kind index, no traces table, an FTS index without the new tokens (here: none at all). */
function downgradeToVersion3(dataDir: string): void {
  const db = new DatabaseSync(path.join(dataDir, 'records.sqlite'));
  db.exec("INSERT INTO records_fts (records_fts) VALUES ('delete-all')");
  db.exec('DROP INDEX records_destination');
  db.exec('DROP INDEX records_source_kind');
  db.exec('DROP TRIGGER records_untraced; DROP TABLE traces; DROP TABLE trace_services');
  db.exec('PRAGMA user_version = 3');
  db.close();
}

describe('schema 4 and 5 migrations', () => {
  it('rebuilds the text index of existing rows, so the new filters and q find them', async () => {
    const fresh = openSqliteRecordStore({ dataDir: makeTempDir() });
    await fresh.insertBatch(rows);
    const expected = await answers(fresh);
    await fresh.close();
    expect(expected.every((ids) => ids.length > 0)).toBe(true);

    const dataDir = makeTempDir();
    const old = openSqliteRecordStore({ dataDir });
    await old.insertBatch(rows);
    await old.close();
    downgradeToVersion3(dataDir);
    const stale = openSqliteRecordStore({ dataDir, fileName: 'records.sqlite' });
    expect(await answers(stale)).toEqual(expected);
    await stale.close();

    const db = new DatabaseSync(path.join(dataDir, 'records.sqlite'), { readOnly: true });
    expect(db.prepare('PRAGMA user_version').get()?.['user_version']).toBe(schemaVersion);
    expect(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'records_destination'").get()).toBeDefined();
    expect(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'records_source_kind'").get()).toBeDefined();
    db.close();
  });

  it('keeps rows inserted after the upgrade findable alongside the rebuilt ones', async () => {
    const dataDir = makeTempDir();
    const store = openSqliteRecordStore({ dataDir });
    await store.insertBatch(rows.slice(0, 1));
    await store.close();
    downgradeToVersion3(dataDir);
    const upgraded = openSqliteRecordStore({ dataDir });
    await upgraded.insertBatch([decodedMessage({ offset: 5, timestamp: baseTime + 5000, headers: [{ key: 'traceparent', value: 'x', encoding: 'utf8' }] })]);
    const page = await upgraded.queryRecords(recordQuerySchema.parse({ header: 'traceparent' }));
    expect(page.items.map((item) => item.id)).toEqual(['orders-events:0:5', 'orders-events:0:0']);
    await upgraded.close();
  });
});

describe('schema 10 migration', () => {
  it('counts the dead letters stored before it as errors of their traces, and later deletes take them back out', async () => {
    const dataDir = makeTempDir();
    const store = openSqliteRecordStore({ dataDir });
    await store.insertBatch([decodedMessage({ topic: 'orders-events.DLT', offset: 0 }, eventyRecord({ uuid: 'dl-0', correlation_id: 'corr-D' }))]);
    await store.close();
    // back to schema 9: its trigger, and the error count as schema 9 kept it
    const db = new DatabaseSync(path.join(dataDir, 'records.sqlite'));
    db.exec(`DROP TRIGGER records_undead;
      CREATE TRIGGER records_undead AFTER DELETE ON records BEGIN DELETE FROM dead_letters WHERE record_id = old.id; END;
      UPDATE traces SET error_count = 0; PRAGMA user_version = 9;`);
    db.close();
    const upgraded = openSqliteRecordStore({ dataDir });
    const list = async () => (await upgraded.listTraces({ limit: 10, status: 'error' })).items.map((t) => [t.correlationId, t.errorCount]);
    expect(await list()).toEqual([['corr-D', 1]]);
    await upgraded.insertBatch([decodedMessage({ offset: 3, timestamp: baseTime + 50 * 86_400_000 }, eventyRecord({ uuid: 'ok-3', correlation_id: 'corr-D' }))]);
    await upgraded.applyRetention({ maxAgeMs: 86_400_000, maxBytes: null, keep: [], now: baseTime + 50 * 86_400_000 });
    expect(await list()).toEqual([]);
    expect((await upgraded.listTraces({ limit: 10 })).items.map((t) => [t.correlationId, t.errorCount, t.recordCount])).toEqual([['corr-D', 0, 1]]);
    await upgraded.close();
    expect(schemaVersion).toBe(10);
  });
});

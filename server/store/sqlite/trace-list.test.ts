import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { traceListQuerySchema, type RecordStore, type TraceListQuery } from '../contract';
import { traceFlow, traceIds } from '../contract-suite/trace-list.contract';
import { baseTime, makeTempDir, removeTempDirs } from './record-fixtures';
import { openSqliteRecordStore } from './sqlite-record-store';
import { compileTraceQuery } from './trace-query';
import { slowTracesIndex, traceServicesTable, tracesTable } from './trace-table';

const open: RecordStore[] = [];
function openStore(dataDir = makeTempDir()): RecordStore {
  const store = openSqliteRecordStore({ dataDir });
  open.push(store);
  return store;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((store) => store.close()));
});
afterAll(removeTempDirs);

describe('listTraces in SQLite', () => {
  it('walks the start-time indexes (or one service\'s keys) newest first, never sorting', () => {
    const db = new DatabaseSync(':memory:');
    db.exec(tracesTable.replace(/CREATE TRIGGER[\s\S]*END;/, ''));
    db.exec(traceServicesTable);
    db.exec(slowTracesIndex);
    const plan = (query: Partial<TraceListQuery>) => {
      const { sql, params } = compileTraceQuery(traceListQuerySchema.parse(query));
      return db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params).map((row) => String(row['detail'])).join(' | ');
    };
    expect(plan({})).toContain('traces_started');
    expect(plan({ status: 'error' })).toContain('traces_failed');
    expect(plan({ minDurationMs: 5000 })).toContain('traces_slow');
    expect(plan({ service: 'billing', status: 'error' })).toMatch(/SEARCH s USING PRIMARY KEY \(service=\?\)/);
    const cursor = Buffer.from(JSON.stringify([baseTime, 'x'])).toString('base64url');
    for (const query of [{}, { status: 'error' as const }, { cursor }, { minDurationMs: 5 }, { service: 'billing', cursor }, { service: 'billing', from: new Date(baseTime).toISOString() }]) {
      expect(plan(query)).not.toContain('TEMP B-TREE');
    }
    db.close();
  });
});

describe('the traces table', () => {
  it('follows deletes from records (retention): counts drop, an emptied trace goes', async () => {
    const dir = makeTempDir();
    const store = openStore(dir);
    await store.insertBatch(traceFlow);
    const db = new DatabaseSync(path.join(dir, 'records.sqlite'));
    db.exec("DELETE FROM records WHERE uuid IN ('a2', 'b0')");
    db.close();
    expect(await traceIds(store)).toEqual(['C', 'A']);
    expect((await store.listTraces(traceListQuerySchema.parse({ status: 'error' }))).items).toEqual([]);
  });

  it('is filled from the records already stored when a version 5 database is upgraded', async () => {
    const dir = makeTempDir();
    const fresh = openSqliteRecordStore({ dataDir: dir });
    await fresh.insertBatch(traceFlow);
    const expected = await fresh.listTraces(traceListQuerySchema.parse({}));
    await fresh.close();
    const db = new DatabaseSync(path.join(dir, 'records.sqlite'));
    db.exec('DROP TRIGGER records_untraced; DROP TABLE traces; DROP TABLE trace_services; PRAGMA user_version = 5');
    db.close();
    const upgraded = openStore(dir);
    expect(await upgraded.listTraces(traceListQuerySchema.parse({}))).toEqual(expected);
  });
});

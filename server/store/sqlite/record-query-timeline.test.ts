import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordQuerySchema, type RecordStore } from '../contract';
import { makeTempDir, removeTempDirs } from './record-fixtures';
import { compileRecordQuery, encodeCursor } from './record-query';
import { openSqliteRecordStore } from './sqlite-record-store';

// the queries themselves are tested on both engines in contract-suite/record-query.contract.ts; here, SQLite's plans
let store: RecordStore;
let dataDir: string;

beforeAll(() => {
  dataDir = makeTempDir();
  store = openSqliteRecordStore({ dataDir });
});
afterAll(async () => {
  await store.close();
  removeTempDirs();
});

describe('timeline query plans', () => {
  it.each([
    { destination: 'urn:orders' },
    { service: 'urn:orders' },
    { service: 'urn:orders', topic: 'orders-events', kind: 'event' },
    { header: 'traceparent' },
    { header: 'tenant', headerValue: 'acme', q: 'zanzibar' },
  ] as const)('serve %o newest first without sorting', (filters) => {
    const compiled = compileRecordQuery(recordQuerySchema.parse({ ...filters, cursor: encodeCursor('123456789') }));
    const peek = new DatabaseSync(path.join(dataDir, 'records.sqlite'), { readOnly: true });
    const plan = peek.prepare(`EXPLAIN QUERY PLAN ${compiled!.sql}`).all(...compiled!.params).map((row) => String(row['detail']));
    peek.close();
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
    if ('service' in filters || 'header' in filters) expect(plan[0]).toMatch(/VIRTUAL TABLE/);
    else expect(plan.join('\n')).toMatch(/records_destination/);
  });
});

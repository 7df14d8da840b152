import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordQuerySchema, type RecordStore } from '../contract';
import { makeTempDir, removeTempDirs } from './record-fixtures';
import { compileRecordQuery, decodeCursor, encodeCursor } from './record-query';
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

describe('SQLite cursors', () => {
  it('round-trips cursors', () => {
    expect(decodeCursor(encodeCursor('-42'))).toBe(-42n);
    expect(decodeCursor(encodeCursor('9223372036854775807'))).toBe(2n ** 63n - 1n);
  });
});

describe('query plans', () => {
  it.each([
    {},
    { topic: 'orders-events' },
    { source: 'urn:billing', name: 'ChargeCustomer' },
    { kind: 'undecodable' },
    { kind: 'event', from: '2024-01-15T10:30:00Z' },
    { q: 'zanzibar', topic: 'billing-requests' },
    { uuid: 'req-1' },
    { correlationId: 'corr-A', key: 'cus-77', to: '2024-01-16T00:00:00Z' },
  ] as const)('serve %o newest first without sorting', (filters) => {
    const compiled = compileRecordQuery(recordQuerySchema.parse({ ...filters, cursor: encodeCursor('123456789') }));
    const peek = new DatabaseSync(path.join(dataDir, 'records.sqlite'), { readOnly: true });
    const plan = peek.prepare(`EXPLAIN QUERY PLAN ${compiled!.sql}`).all(...compiled!.params).map((row) => String(row['detail']));
    peek.close();
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
    if ('q' in filters || 'uuid' in filters || 'correlationId' in filters) expect(plan[0]).toMatch(/VIRTUAL TABLE/);
  });
});

import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { InvalidCursorError, traceListQuerySchema, type RecordStore, type TraceListQuery } from '../contract';
import { baseTime, decodedMessage, eventyRecord, makeTempDir, removeTempDirs, undecodableMessage } from './record-fixtures';
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

const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

/** A: orders → billing request → failed response, 3 s. B: one shipping event. C: orders event, then an inventory event 10 s later. */
const flow = [
  decodedMessage({ offset: 0, timestamp: baseTime, headers: [{ key: 'traceparent', value: traceparent, encoding: 'utf8' }] }, eventyRecord({ uuid: 'a0', correlation_id: 'A', name: 'OrderPlaced' })),
  decodedMessage(
    { topic: 'billing-requests', offset: 0, timestamp: baseTime + 1000 },
    eventyRecord({ type: 'REQUEST', uuid: 'a1', correlation_id: 'A', name: 'Charge', namespace: 'urn:billing', source: 'urn:orders' }),
  ),
  decodedMessage(
    { topic: 'billing-responses', offset: 0, timestamp: baseTime + 3000 },
    eventyRecord({ type: 'RESPONSE', uuid: 'a2', correlation_id: 'A', name: 'ChargeResult', source: 'urn:billing', destination: 'urn:orders', request_uuid: 'a1', ok: false }),
  ),
  decodedMessage({ topic: 'shipping-events', offset: 0, timestamp: baseTime + 5000 }, eventyRecord({ uuid: 'b0', correlation_id: 'B', name: 'Shipped', source: 'urn:shipping' })),
  decodedMessage({ offset: 1, timestamp: baseTime + 6000 }, eventyRecord({ uuid: 'c0', correlation_id: 'C', name: 'OrderPlaced' })),
  decodedMessage({ topic: 'stock-events', offset: 0, timestamp: baseTime + 16_000 }, eventyRecord({ uuid: 'c1', correlation_id: 'C', name: 'Reserved', source: 'urn:stock' })),
  undecodableMessage({ offset: 2, timestamp: baseTime + 20_000 }, Buffer.from('not json')),
];

async function ids(store: RecordStore, filters: Record<string, unknown> = {}): Promise<string[]> {
  const page = await store.listTraces(traceListQuerySchema.parse(filters));
  return page.items.map((item) => item.correlationId);
}

describe('listTraces', () => {
  it('summarises each correlation: times, count, services, root name, status and traceparent', async () => {
    const store = openStore();
    await store.insertBatch(flow);
    const { items, nextCursor } = await store.listTraces(traceListQuerySchema.parse({}));
    expect(nextCursor).toBeNull();
    expect(items.map((item) => item.correlationId)).toEqual(['C', 'B', 'A']);
    expect(items[2]).toEqual({
      correlationId: 'A',
      startedAt: new Date(baseTime).toISOString(),
      endedAt: new Date(baseTime + 3000).toISOString(),
      durationMs: 3000,
      recordCount: 3,
      services: ['billing', 'orders'],
      rootName: 'OrderPlaced',
      status: 'error',
      errorCount: 1,
      traceparent,
    });
    expect(items[0]).toMatchObject({ recordCount: 2, durationMs: 10_000, services: ['orders', 'stock'], status: 'ok', traceparent: null });
  });

  it('merges later batches into the summary, and an earlier record moves the start and the root name', async () => {
    const store = openStore();
    await store.insertBatch(flow.slice(1, 3));
    expect((await store.listTraces(traceListQuerySchema.parse({}))).items[0]).toMatchObject({ rootName: 'Charge', recordCount: 2, durationMs: 2000 });
    await store.insertBatch(flow.slice(0, 3)); // two of three already stored: only the new one counts
    await store.insertBatch([decodedMessage({ topic: 'mail-events', offset: 0, timestamp: baseTime + 9000 }, eventyRecord({ uuid: 'a3', correlation_id: 'A', name: 'Mailed', source: 'urn:mail' }))]);
    const [a] = (await store.listTraces(traceListQuerySchema.parse({}))).items;
    expect(a).toMatchObject({ startedAt: new Date(baseTime).toISOString(), rootName: 'OrderPlaced', recordCount: 4, durationMs: 9000, errorCount: 1 });
    expect(a?.services).toEqual(['billing', 'mail', 'orders']);
  });

  it('filters by status, service (name or URN), minimum duration and start time', async () => {
    const store = openStore();
    await store.insertBatch(flow);
    expect(await ids(store, { status: 'error' })).toEqual(['A']);
    expect(await ids(store, { status: 'ok' })).toEqual(['C', 'B']);
    expect(await ids(store, { service: 'billing' })).toEqual(['A']);
    expect(await ids(store, { service: 'urn:orders' })).toEqual(['C', 'A']);
    expect(await ids(store, { service: 'order' })).toEqual([]);
    expect(await ids(store, { minDurationMs: '3000' })).toEqual(['C', 'A']);
    expect(await ids(store, { minDurationMs: '3001' })).toEqual(['C']);
    expect(await ids(store, { minDurationMs: '10000' })).toEqual(['C']);
    expect(await ids(store, { minDurationMs: '10001' })).toEqual([]);
    expect(await ids(store, { from: new Date(baseTime + 5000).toISOString() })).toEqual(['C', 'B']);
    expect(await ids(store, { to: new Date(baseTime + 5000).toISOString() })).toEqual(['B', 'A']);
    expect(await ids(store, { status: 'ok', service: 'orders', to: new Date(baseTime + 5000).toISOString() })).toEqual([]);
  });

  it('finds a trace by service once, under its current start, after an earlier record moved that start', async () => {
    const store = openStore();
    await store.insertBatch(flow.slice(1, 3));
    await store.insertBatch(flow.slice(0, 1));
    const page = await store.listTraces(traceListQuerySchema.parse({ service: 'billing' }));
    expect(page.items).toEqual([expect.objectContaining({ correlationId: 'A', startedAt: new Date(baseTime).toISOString(), recordCount: 3 })]);
    expect(await ids(store, { service: 'orders', to: new Date(baseTime).toISOString() })).toEqual(['A']);
    expect(await ids(store, { service: 'orders', from: new Date(baseTime + 1).toISOString() })).toEqual([]);
  });

  it('pages newest first with a cursor, ties on the start time broken by correlation id', async () => {
    const store = openStore();
    const same = ['t1', 't2', 't3', 't4', 't5'].map((id, offset) => decodedMessage({ offset, timestamp: baseTime }, eventyRecord({ uuid: id, correlation_id: id })));
    await store.insertBatch(same);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listTraces(traceListQuerySchema.parse({ limit: '2', ...(cursor ? { cursor } : {}) }));
      seen.push(...page.items.map((item) => item.correlationId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['t5', 't4', 't3', 't2', 't1']);
  });

  it('refuses a malformed cursor', async () => {
    const store = openStore();
    for (const cursor of ['nope!', Buffer.from('[1]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')]) {
      await expect(store.listTraces(traceListQuerySchema.parse({ cursor }))).rejects.toBeInstanceOf(InvalidCursorError);
    }
  });

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
    await store.insertBatch(flow);
    const db = new DatabaseSync(path.join(dir, 'records.sqlite'));
    db.exec("DELETE FROM records WHERE uuid IN ('a2', 'b0')");
    db.close();
    expect(await ids(store)).toEqual(['C', 'A']);
    expect((await store.listTraces(traceListQuerySchema.parse({ status: 'error' }))).items).toEqual([]);
  });

  it('is filled from the records already stored when a version 5 database is upgraded', async () => {
    const dir = makeTempDir();
    const fresh = openSqliteRecordStore({ dataDir: dir });
    await fresh.insertBatch(flow);
    const expected = await fresh.listTraces(traceListQuerySchema.parse({}));
    await fresh.close();
    const db = new DatabaseSync(path.join(dir, 'records.sqlite'));
    db.exec('DROP TRIGGER records_untraced; DROP TABLE traces; DROP TABLE trace_services; PRAGMA user_version = 5');
    db.close();
    const upgraded = openStore(dir);
    expect(await upgraded.listTraces(traceListQuerySchema.parse({}))).toEqual(expected);
  });
});

import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordQuerySchema, type RecordStore } from '../contract';
import { baseTime, decodedMessage, eventyRecord, makeTempDir, removeTempDirs, undecodableMessage } from './record-fixtures';
import { compileRecordQuery, decodeCursor, encodeCursor } from './record-query';
import { openSqliteRecordStore } from './sqlite-record-store';

let store: RecordStore;
let dataDir: string;

const request = eventyRecord({
  type: 'REQUEST',
  namespace: 'urn:billing',
  name: 'ChargeCustomer',
  uuid: 'req-1',
  correlation_id: 'corr-A',
  data: { customer: { cards: [{ last4: '4242', notes: ['primary', { deep: 'zanzibar' }] }] } },
});
const response = eventyRecord({
  type: 'RESPONSE',
  namespace: 'urn:billing',
  name: 'ChargeCustomerResult',
  source: 'urn:billing',
  uuid: 'resp-1',
  correlation_id: 'corr-A',
  destination: 'urn:orders',
  request_uuid: 'req-1',
  ok: false,
  error_code: 402,
  error_message: 'card declined',
  context: { 'urn:orders': { user_id: 'u-981' } },
  data: {},
});

beforeAll(async () => {
  dataDir = makeTempDir();
  store = openSqliteRecordStore({ dataDir });
  await store.insertBatch([
    decodedMessage({ offset: 0, timestamp: baseTime }, eventyRecord({ uuid: 'ev-0', correlation_id: 'corr-A' })),
    decodedMessage({ offset: 1, timestamp: baseTime + 1000 }, eventyRecord({ uuid: 'ev-1', correlation_id: 'corr-B', name: 'OrderShipped' })),
    decodedMessage({ topic: 'billing-requests', offset: 0, timestamp: baseTime + 2000, key: 'cus-77' }, request),
    decodedMessage({ topic: 'billing-responses', offset: 0, timestamp: baseTime + 3000, key: 'cus-77' }, response),
    undecodableMessage({ offset: 2, timestamp: baseTime + 4000, key: 'junk' }, Buffer.from('plain text with quokka inside'), 'not JSON'),
  ]);
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

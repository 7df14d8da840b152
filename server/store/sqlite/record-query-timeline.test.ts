import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordQuerySchema, type RecordStore } from '../contract';
import { baseTime, decodedMessage, eventyRecord, makeTempDir, removeTempDirs, undecodableMessage } from './record-fixtures';
import { compileRecordQuery, encodeCursor } from './record-query';
import { openSqliteRecordStore } from './sqlite-record-store';

/** The timeline's filters: destination, service (source or destination) and Kafka headers. */

let store: RecordStore;
let dataDir: string;

const trace = (n: number) => ({ key: 'traceparent', value: `00-${String(n).padStart(32, '0')}-00f067aa0ba902b7-01`, encoding: 'utf8' as const });
const tenant = (name: string) => ({ key: 'tenant', value: name, encoding: 'utf8' as const });

beforeAll(async () => {
  dataDir = makeTempDir();
  store = openSqliteRecordStore({ dataDir });
  await store.insertBatch([
    decodedMessage({ offset: 0, timestamp: baseTime, headers: [trace(1), tenant('acme')] }, eventyRecord({ uuid: 'ev-0' })),
    decodedMessage(
      { topic: 'billing-requests', offset: 0, timestamp: baseTime + 1000, headers: [trace(1)] },
      eventyRecord({ type: 'REQUEST', namespace: 'urn:billing', name: 'ChargeCustomer', uuid: 'req-1', data: { note: 'zanzibar' } }),
    ),
    decodedMessage(
      { topic: 'billing-responses', offset: 0, timestamp: baseTime + 2000, headers: [tenant('globex')] },
      eventyRecord({ type: 'RESPONSE', namespace: 'urn:billing', name: 'ChargeCustomerResult', source: 'urn:billing', destination: 'urn:orders', uuid: 'resp-1', request_uuid: 'req-1', data: { note: 'zanzibar' } }),
    ),
    decodedMessage(
      { topic: 'stock-responses', offset: 0, timestamp: baseTime + 3000, headers: [tenant('acme'), tenant('initech')] },
      eventyRecord({ type: 'RESPONSE', namespace: 'urn:stock', name: 'ReserveResult', source: 'urn:stock', destination: 'urn:shipping', uuid: 'resp-2' }),
    ),
    undecodableMessage({ offset: 1, timestamp: baseTime + 4000, headers: [{ key: 'bin', value: '//4=', encoding: 'base64' }] }, Buffer.from('junk')),
  ]);
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

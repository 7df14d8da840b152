import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordQuerySchema, type RecordQuery, type RecordStore } from '../contract';
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

async function uuids(filters: Partial<RecordQuery>): Promise<string[]> {
  const page = await store.queryRecords(recordQuerySchema.parse(filters));
  return page.items.map((item) => item.record?.uuid ?? item.id);
}

describe('timeline filters', () => {
  it.each([
    [{ destination: 'urn:orders' }, ['resp-1']],
    [{ requestUuid: 'req-1' }, ['resp-1']],
    [{ requestUuid: 'req-1', kind: 'response' }, ['resp-1']],
    [{ requestUuid: 'resp-1' }, []],
    [{ destination: 'urn:billing' }, []],
    // a request's source is its sender (urn:orders here); its namespace, the handler, is not matched
    [{ service: 'urn:orders' }, ['resp-1', 'req-1', 'ev-0']],
    [{ service: 'urn:billing' }, ['resp-1']],
    [{ service: 'urn:shipping' }, ['resp-2']],
    [{ service: 'urn:nobody' }, []],
    [{ header: 'traceparent' }, ['req-1', 'ev-0']],
    [{ header: 'traceparent', headerValue: trace(1).value }, ['req-1', 'ev-0']],
    [{ header: 'traceparent', headerValue: trace(2).value }, []],
    [{ header: 'tenant', headerValue: 'acme' }, ['resp-2', 'ev-0']],
    [{ header: 'tenant', headerValue: 'initech' }, ['resp-2']],
    [{ header: 'Tenant' }, []],
    [{ header: 'tenant', headerValue: '' }, []],
    [{ header: 'bin', headerValue: '//4=' }, ['orders-events:0:1']],
  ] as const)('filters by %o', async (filters, expected) => {
    expect(await uuids(filters)).toEqual(expected);
  });

  it('combines them with each other, the other filters and q', async () => {
    expect(await uuids({ service: 'urn:orders', kind: 'response' })).toEqual(['resp-1']);
    expect(await uuids({ service: 'urn:orders', destination: 'urn:orders' })).toEqual(['resp-1']);
    expect(await uuids({ service: 'urn:orders', q: 'zanzibar' })).toEqual(['resp-1', 'req-1']);
    expect(await uuids({ service: 'urn:orders', q: 'zanzibar', header: 'traceparent' })).toEqual(['req-1']);
    expect(await uuids({ header: 'tenant', headerValue: 'globex', q: 'zanzibar', topic: 'billing-responses' })).toEqual(['resp-1']);
    expect(await uuids({ header: 'tenant', source: 'urn:orders' })).toEqual(['ev-0']);
    expect(await uuids({ destination: 'urn:orders', to: new Date(baseTime + 1999).toISOString() })).toEqual([]);
  });

  it('rejects headerValue without header', () => {
    const parsed = recordQuerySchema.safeParse({ headerValue: 'x' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['headerValue'], message: 'headerValue needs header: give the header name too' });
  });
});

describe('timeline filters over pages', () => {
  it('walk every match exactly once, newest first, with q and a cursor', async () => {
    const big = openSqliteRecordStore({ dataDir: makeTempDir() });
    const services = ['urn:orders', 'urn:billing', 'urn:stock'];
    const rows = Array.from({ length: 900 }, (_, i) =>
      decodedMessage(
        { partition: i % 3, offset: i, timestamp: baseTime + i * 10, headers: i % 2 === 0 ? [tenant(`t${i % 4}`)] : [] },
        i % 3 === 2
          ? eventyRecord({ type: 'RESPONSE', uuid: `u-${i}`, source: services[i % 3]!, destination: services[(i + 1) % 3]!, data: { word: i % 5 === 0 ? 'five' : 'other' } })
          : eventyRecord({ uuid: `u-${i}`, source: services[i % 3]!, data: { word: i % 5 === 0 ? 'five' : 'other' } }),
      ),
    );
    await big.insertBatch(rows.slice(0, 400));
    await big.insertBatch(rows.slice(400));
    const expectWalk = async (filters: Partial<RecordQuery>, keep: (i: number) => boolean) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await big.queryRecords(recordQuerySchema.parse({ ...filters, limit: 37, cursor }));
        seen.push(...page.items.map((item) => item.record!.uuid));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      const expected = rows.map((_, i) => i).filter(keep).reverse().map((i) => `u-${i}`);
      expect(seen).toEqual(expected);
    };
    // urn:orders is the source of i % 3 = 0 and the destination of responses with i % 3 = 2 (source urn:stock)
    await expectWalk({ service: 'urn:orders' }, (i) => i % 3 === 0 || i % 3 === 2);
    await expectWalk({ destination: 'urn:orders' }, (i) => i % 3 === 2);
    await expectWalk({ service: 'urn:billing', q: 'five' }, (i) => i % 3 === 1 && i % 5 === 0);
    await expectWalk({ header: 'tenant' }, (i) => i % 2 === 0);
    await expectWalk({ header: 'tenant', headerValue: 't2', service: 'urn:stock' }, (i) => i % 4 === 2 && i % 3 === 2);
    await expectWalk({ header: 'tenant', headerValue: 't0', q: 'other' }, (i) => i % 4 === 0 && i % 5 !== 0);
    await big.close();
  });
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

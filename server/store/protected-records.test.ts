import { afterAll, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditLog } from '../audit/contract';
import type { RequeueStatus } from '../deadletters/contract';
import { sqliteHarness } from './contract-suite/store-harness';
import { collectProtectedRecordIds } from './protected-records';
import { baseTime, decodedMessage } from './sqlite/record-fixtures';

const harness = sqliteHarness();
afterAll(() => harness.cleanup());

const springHeaders = (offset: number) => [
  { key: 'kafka_dlt-original-topic', value: 'orders-events', encoding: 'utf8' as const },
  { key: 'kafka_dlt-original-partition', value: Buffer.from([0, 0, 0, 2]).toString('base64'), encoding: 'base64' as const },
  { key: 'kafka_dlt-original-offset', value: Buffer.from([0, 0, 0, 0, 0, 0, 0, 100 + offset]).toString('base64'), encoding: 'base64' as const },
];

function auditOf(entries: Partial<AuditEntry>[]): Pick<AuditLog, 'list'> {
  const items = entries.map((entry, i) => ({ id: i, at: new Date(baseTime).toISOString(), target: '', details: {}, ...entry }) as AuditEntry);
  return { list: () => Promise.resolve({ items, nextCursor: null }) };
}

describe('collectProtectedRecordIds', () => {
  it('keeps open dead letters with their originals and the record ids the audit log names, not requeued dead letters', async () => {
    const { store } = await harness.open();
    await store.insertBatch([0, 1, 2].map((offset) => decodedMessage({ topic: 'orders-events.DLT', offset, headers: springHeaders(offset) })));
    const requeued: RequeueStatus = { state: 'requeued', requeueId: 'r', target: 'orders-events:2:900', targetTopic: 'orders-events', by: 'ann', at: new Date(baseTime).toISOString(), edited: false };
    const ids = await collectProtectedRecordIds({
      store,
      requeue: { requeueStatus: (asked) => Promise.resolve(new Map(asked.filter((id) => id.endsWith(':1')).map((id) => [id, requeued]))) },
      audit: auditOf([
        { target: 'orders-events.DLT:0:1', details: { target: 'orders-events:2:900', note: 'not an id' } },
        { target: 'billing-events', details: { nested: [{ id: 'billing-events:0:7' }] } },
      ]),
    });
    expect(new Set(ids)).toEqual(
      new Set([
        'orders-events.DLT:0:0', 'orders-events:2:100',
        'orders-events.DLT:0:2', 'orders-events:2:102',
        'orders-events.DLT:0:1', 'orders-events:2:900', 'billing-events:0:7',
      ]),
    );
    await store.close();
  });
});

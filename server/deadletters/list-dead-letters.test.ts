import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RecordStore } from '../store/contract';
import { decodedMessage, makeTempDir, removeTempDirs } from '../store/sqlite/record-fixtures';
import { openSqliteRecordStore } from '../store/sqlite/sqlite-record-store';
import { deadLetterListQuerySchema, type RequeueStatus, type RequeueStatusSource } from './contract';
import { listDeadLetters, readDeadLetter } from './list-dead-letters';

const stores: RecordStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});
afterAll(removeTempDirs);

const requeued: RequeueStatus = {
  state: 'requeued',
  requeueId: 'rq-1',
  target: 'orders-events:0:7',
  targetTopic: 'orders-events',
  by: 'alice',
  at: '2026-11-23T10:00:00.000Z',
  edited: true,
};

/** The requeue log's answer for the ids it knows, as runtime.deadLetters gives it. */
const requeueLog: RequeueStatusSource = {
  requeueStatus: (ids) => Promise.resolve(new Map(ids.filter((id) => id === 'orders-events.dlq:0:1').map((id) => [id, requeued]))),
};

async function storeWithDeadLetters(): Promise<RecordStore> {
  const store = openSqliteRecordStore({ dataDir: makeTempDir() });
  stores.push(store);
  const lens = (key: string, value: string) => ({ key, value, encoding: 'utf8' as const });
  await store.insertBatch([
    decodedMessage({ offset: 5 }),
    decodedMessage({ topic: 'orders-events.dlq', offset: 1, headers: [lens('eventy-lens-original-topic', 'orders-events'), lens('eventy-lens-original-partition', '0'), lens('eventy-lens-original-offset', '5')] }),
    decodedMessage({ topic: 'orders-events.dlq', offset: 2, headers: [lens('eventy-lens-original-topic', 'orders-events'), lens('eventy-lens-original-partition', '0'), lens('eventy-lens-original-offset', '99')] }),
  ]);
  return store;
}

describe('listDeadLetters', () => {
  it('gives the flat list with each requeue status, and groups by default', async () => {
    const deps = { store: await storeWithDeadLetters(), requeue: requeueLog };
    const flat = await listDeadLetters(deps, deadLetterListQuerySchema.parse({ view: 'flat' }));
    if (flat.view !== 'flat') throw new Error('expected the flat view');
    expect(flat.items.map((item) => [item.id, item.requeue])).toEqual([
      ['orders-events.dlq:0:2', null],
      ['orders-events.dlq:0:1', requeued],
    ]);
    const grouped = await listDeadLetters(deps, deadLetterListQuerySchema.parse({}));
    expect(grouped).toMatchObject({ view: 'grouped', items: [{ count: 2, originalTopic: 'orders-events', latestId: 'orders-events.dlq:0:2' }], nextCursor: null });
  });

  it('refuses unknown parameters and views', () => {
    expect(deadLetterListQuerySchema.safeParse({ view: 'tree' }).success).toBe(false);
    expect(deadLetterListQuerySchema.safeParse({ topic: 'x' }).success).toBe(false);
  });
});

describe('readDeadLetter', () => {
  it('gives the record detail with raw bytes, the requeue status and the original record id when it is stored', async () => {
    const deps = { store: await storeWithDeadLetters(), requeue: requeueLog };
    const one = await readDeadLetter(deps, 'orders-events.dlq:0:1');
    expect(one).toMatchObject({ id: 'orders-events.dlq:0:1', requeue: requeued, originalRecordId: 'orders-events:0:5', record: { id: 'orders-events.dlq:0:1', raw: { truncated: false } } });
    expect((await readDeadLetter(deps, 'orders-events.dlq:0:2'))?.originalRecordId).toBeNull();
    expect(await readDeadLetter(deps, 'orders-events:0:5')).toBeNull();
  });
});

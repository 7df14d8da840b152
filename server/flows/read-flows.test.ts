import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ConsumerLag } from '../lag/contract';
import type { RecordStore } from '../store/contract';
import { baseTime, decodedMessage, makeTempDir, removeTempDirs } from '../store/sqlite/record-fixtures';
import { openSqliteRecordStore } from '../store/sqlite/sqlite-record-store';
import { readFlows } from './read-flows';

const stores: RecordStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});
afterAll(removeTempDirs);

const lens = (key: string, value: string) => ({ key, value, encoding: 'utf8' as const });
const notificationsReadOrders: ConsumerLag = {
  groups: [
    {
      groupId: 'notifications',
      state: 'Empty',
      members: [],
      lagRecords: 1,
      lagSeconds: null,
      catchUpSeconds: null,
      fallingBehind: false,
      stuckPartitions: 0,
      partitions: [{ topic: 'orders-events', partition: 0, committedOffset: 3, highWatermark: 4, logStartOffset: 0, lagRecords: 1, lagSeconds: null, stuckSince: null, catchUpSeconds: null, fallingBehind: false, neverCommitted: false, committedBelowLogStart: false }],
    },
  ],
};

describe('readFlows with dead letters in the store', () => {
  it('counts a dead-lettered record as a failure of the edge into its original topic', async () => {
    const store = openSqliteRecordStore({ dataDir: makeTempDir() });
    stores.push(store);
    await store.insertBatch([
      ...[0, 1, 2, 3].map((offset) => decodedMessage({ offset, timestamp: baseTime + offset })),
      decodedMessage({
        topic: 'orders-events.dlq',
        offset: 0,
        timestamp: baseTime + 10,
        headers: [lens('eventy-lens-original-topic', 'orders-events'), lens('eventy-lens-original-partition', '0'), lens('eventy-lens-original-offset', '3'), lens('eventy-lens-consumer-group', 'notifications')],
      }),
    ]);
    const deps = { store, readLag: () => Promise.resolve(notificationsReadOrders), isExcludedGroup: () => false };
    const graph = await readFlows(deps, { fromMs: baseTime - 1000, toMs: baseTime + 1000 });
    const into = graph.edges.find((e) => e.topic === 'orders-events' && e.to === 'notifications');
    expect(into).toMatchObject({ from: 'orders', name: 'OrderPlaced', count: 4, errors: 1, errorRate: 0.25 });
  });
});

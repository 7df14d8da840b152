import { describe, expect, it } from 'vitest';
import type { GroupDescription, PartitionOffsets, TopicPartitionOffset } from '../kafka/contract';
import type { RecordView } from '../store/contract';
import { fetchConsumerLag } from './fetch-consumer-lag';

const now = Date.parse('2026-01-01T00:01:00Z');

function fakeAdmin(groups: { id: string; protocolType?: string; described?: Partial<GroupDescription>; committed: TopicPartitionOffset[] }[], topics: Record<string, PartitionOffsets[]>) {
  const calls: string[] = [];
  const admin = {
    listTopics: () => Promise.resolve(Object.keys(topics)),
    listGroups: () => Promise.resolve(groups.map((g) => ({ groupId: g.id, protocolType: g.protocolType ?? 'consumer' }))),
    describeGroups: (ids: string[]) => {
      calls.push(`describe ${ids.join(',')}`);
      return Promise.resolve(ids.map((id) => ({ groupId: id, state: 'Empty', protocolType: 'consumer', members: [], ...groups.find((g) => g.id === id)?.described })));
    },
    fetchAllCommittedOffsets: (id: string) => Promise.resolve(groups.find((g) => g.id === id)?.committed ?? []),
    fetchTopicOffsets: (topic: string) => {
      calls.push(`offsets ${topic}`);
      return Promise.resolve(topics[topic] ?? []);
    },
  };
  return { admin, calls };
}

const stored = (timestamp: string) => ({ getRecord: (id: string) => Promise.resolve(id === 'orders:0:7' ? ({ timestamp } as RecordView) : null) });

describe('fetchConsumerLag', () => {
  it('covers every partition of the topics a group committed on or is assigned, sums records and takes the worst age', async () => {
    const { admin, calls } = fakeAdmin(
      [
        {
          id: 'billing',
          committed: [{ topic: 'orders', partition: 0, offset: 7 }],
          described: {
            state: 'Stable',
            members: [{ memberId: 'm1', clientId: 'billing-1', host: '/10.0.0.1', assignment: [{ topic: 'payments', partitions: [0] }] }],
          },
        },
        { id: 'connect-cluster', protocolType: 'connect', committed: [] },
      ],
      { orders: [{ partition: 0, low: 0, high: 10 }, { partition: 1, low: 2, high: 5 }], payments: [{ partition: 0, low: 0, high: 0 }] },
    );
    const { groups } = await fetchConsumerLag(admin, stored('2026-01-01T00:00:00Z'), { now: () => now });
    expect(calls.sort()).toEqual(['describe billing', 'offsets orders', 'offsets payments']);
    expect(groups).toHaveLength(1);
    const [billing] = groups;
    expect(billing).toMatchObject({ groupId: 'billing', state: 'Stable', lagRecords: 6, lagSeconds: 60 });
    expect(billing?.members[0]?.clientId).toBe('billing-1');
    expect(billing?.partitions.map((p) => [p.topic, p.partition, p.committedOffset, p.lagRecords, p.lagSeconds, p.neverCommitted])).toEqual([
      ['orders', 0, 7, 3, 60, false],
      ['orders', 1, null, 3, null, true],
      ['payments', 0, null, 0, 0, true],
    ]);
  });

  it('leaves the group age unknown when no lagging record is stored, and skips deleted topics', async () => {
    const { admin, calls } = fakeAdmin(
      [{ id: 'audit', protocolType: '', committed: [{ topic: 'orders', partition: 1, offset: 3 }, { topic: 'gone', partition: 0, offset: 1 }] }],
      { orders: [{ partition: 0, low: 0, high: 0 }, { partition: 1, low: 0, high: 5 }] },
    );
    const { groups } = await fetchConsumerLag(admin, stored('2026-01-01T00:00:00Z'), { now: () => now });
    expect(calls).not.toContain('offsets gone');
    expect(groups[0]).toMatchObject({ groupId: 'audit', lagRecords: 2, lagSeconds: null });
    expect(groups[0]?.partitions.map((p) => p.topic)).toEqual(['orders', 'orders']);
  });

  it('leaves out the groups Eventy Lens makes only to read a record', async () => {
    const { admin } = fakeAdmin([{ id: '__eventy-lens-peek-0a1b', committed: [] }, { id: 'billing', committed: [] }], {});
    const { groups } = await fetchConsumerLag(admin, stored(''));
    expect(groups.map((g) => g.groupId)).toEqual(['billing']);
  });

  it('skips a topic deleted between the topic list and its offsets, and fails on other errors', async () => {
    const { admin } = fakeAdmin([{ id: 'audit', committed: [{ topic: 'orders', partition: 0, offset: 3 }] }], { orders: [{ partition: 0, low: 0, high: 5 }] });
    const gone = Object.assign(new Error('This server does not host this topic-partition'), { type: 'UNKNOWN_TOPIC_OR_PARTITION' });
    const { groups } = await fetchConsumerLag({ ...admin, fetchTopicOffsets: () => Promise.reject(gone) }, stored(''));
    expect(groups[0]).toMatchObject({ groupId: 'audit', lagRecords: 0, partitions: [] });
    await expect(fetchConsumerLag({ ...admin, fetchTopicOffsets: () => Promise.reject(new Error('timeout')) }, stored(''))).rejects.toThrow('timeout');
  });

  it('answers only for the requested groups', async () => {
    const { admin } = fakeAdmin([{ id: 'a', committed: [] }, { id: 'b', committed: [] }], {});
    const { groups } = await fetchConsumerLag(admin, stored(''), { groupIds: ['b'] });
    expect(groups).toEqual([
      { groupId: 'b', state: 'Empty', members: [], lagRecords: 0, lagSeconds: 0, catchUpSeconds: 0, fallingBehind: false, stuckPartitions: 0, partitions: [] },
    ]);
  });
});

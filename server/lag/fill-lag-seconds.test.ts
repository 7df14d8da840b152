import { describe, expect, it } from 'vitest';
import type { RecordTimestampRequest } from '../kafka';
import type { ConsumerLag, PartitionLag } from './contract';
import { createLagSecondsFiller } from './fill-lag-seconds';

const now = Date.parse('2026-01-01T00:10:00Z');

function lagOf(...partitions: Partial<PartitionLag>[]): ConsumerLag {
  const rows = partitions.map((p, i) => ({
    topic: 'orders',
    partition: i,
    committedOffset: 7,
    highWatermark: 10,
    logStartOffset: 0,
    lagRecords: 3,
    lagSeconds: null,
    stuckSince: null,
    catchUpSeconds: null,
    fallingBehind: false,
    neverCommitted: false,
    committedBelowLogStart: false,
    ...p,
  }));
  return { groups: [{ groupId: 'billing', state: 'Empty', members: [], lagRecords: 0, lagSeconds: 0, catchUpSeconds: 0, fallingBehind: false, stuckPartitions: 0, partitions: rows }] };
}

function fakeKafka(timestamps: Record<string, number>, fail = false) {
  const asked: string[][] = [];
  return {
    asked,
    fetchRecordTimestamps(requests: readonly RecordTimestampRequest[]) {
      asked.push(requests.map((r) => `${r.topic}:${r.partition}:${r.offset}`));
      if (fail) return Promise.reject(new Error('broker down'));
      return Promise.resolve(new Map(Object.entries(timestamps).filter(([id]) => asked.at(-1)?.includes(id))));
    },
  };
}

describe('createLagSecondsFiller', () => {
  it('asks Kafka beside the sampling for ages the store lacks, once per offset, and fills them from then on', async () => {
    const kafka = fakeKafka({ 'orders:0:7': now - 60_000 });
    const ages = createLagSecondsFiller(kafka, 1_000);
    const lag = lagOf({ partition: 0 }, { partition: 1, lagSeconds: 5 }, { partition: 2, lagRecords: 0, lagSeconds: 0 });
    expect(ages.fill(lag, now).groups[0]?.partitions[0]?.lagSeconds).toBeNull();
    await ages.settled();
    const filled = ages.fill(lag, now);
    expect(filled.groups[0]?.partitions.map((p) => p.lagSeconds)).toEqual([60, 5, 0]);
    expect(filled.groups[0]?.lagSeconds).toBe(60);
    ages.fill(lag, now + 1_000);
    await ages.settled();
    expect(kafka.asked).toEqual([['orders:0:7']]);
  });

  it('asks for offsets it could not read again only after the retry interval, and survives a failing read', async () => {
    const kafka = fakeKafka({}, true);
    const ages = createLagSecondsFiller(kafka, 1_000, 60_000);
    const lag = lagOf({ partition: 0 });
    ages.fill(lag, now);
    await ages.settled();
    ages.fill(lag, now + 30_000);
    await ages.settled();
    expect(kafka.asked).toHaveLength(1);
    ages.fill(lag, now + 60_000);
    await ages.settled();
    expect(kafka.asked).toHaveLength(2);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopics, produce, tempDir, testKafka, uniquePrefix, waitFor } from '../../testing/kafka-fixtures';
import { closeSharedAdmin, type KafkaAdmin } from '../kafka';
import type { PartitionLag } from './contract';
import { openLagHistoryStore, type LagHistoryStore } from './history-store';
import { createLagSampler, type LagSampler } from './lag-sampler';

const prefix = uniquePrefix('lag-sampler');
const topic = `${prefix}orders`;
const group = `${prefix}billing`;
const kafka = testKafka();
// recent, whole-second timestamps a minute apart: the record at offset 2 is 8 minutes old
const base = Math.floor(Date.now() / 1000) * 1000 - 10 * 60_000;
const timestampOf = (offset: number) => base + offset * 60_000;
const record = (offset: number) => ({ key: `k${offset}`, value: `v${offset}`, partition: 0, timestamp: timestampOf(offset) });
/** The store holds none of these records: every age must come from Kafka. */
const emptyStore = { getRecord: () => Promise.resolve(null) };
const stuckMs = 1_500;
let admin: KafkaAdmin;
let history: LagHistoryStore;
let sampler: LagSampler;
let dataDir: string;

const ourPartition = async (s: LagSampler): Promise<PartitionLag | undefined> =>
  (await s.sample()).groups.find((g) => g.groupId === group)?.partitions.find((p) => p.topic === topic && p.partition === 0);

beforeAll(async () => {
  await createTopics(kafka, [topic], 1);
  await produce(kafka, topic, [0, 1, 2, 3, 4].map(record));
  admin = await kafka.connectAdmin();
  // the group consumed 0 and 1, then stopped committing
  await admin.commitGroupOffsets(group, [{ topic, partition: 0, offset: 2 }]);
  dataDir = tempDir('lens-lag-history');
  history = openLagHistoryStore(dataDir);
  sampler = createLagSampler({ kafka, store: emptyStore, history, sampleMs: 300, stuckMs, retentionDays: 7, groupIds: [group] });
}, 120_000);

afterAll(async () => {
  // stopping a sampler closes its history
  await sampler?.stop();
  await admin?.deleteGroups([group]).catch(() => undefined);
  await admin?.deleteTopics([topic]).catch(() => undefined);
  await admin?.close();
  await closeSharedAdmin();
});

describe('the lag sampler against the real broker', () => {
  it('marks a partition stuck and falling behind while records keep coming, with its age read from Kafka', async () => {
    const started = Date.now();
    let next = 5;
    const stuck = await waitFor(
      async () => {
        await produce(kafka, topic, [record(next++)]);
        const p = await ourPartition(sampler);
        // the age is read from Kafka beside the sampling: known from a later tick on
        return p?.stuckSince && p.fallingBehind && p.lagSeconds !== null ? p : null;
      },
      'the partition to show as stuck and falling behind',
      60_000,
      200,
    );
    expect(stuck.committedOffset).toBe(2);
    expect(stuck.lagRecords).toBe(stuck.highWatermark - 2);
    expect(stuck.catchUpSeconds).toBeNull();
    // the first sample saw it waiting; the stuck threshold passed since
    expect(Date.parse(stuck.stuckSince!)).toBeGreaterThanOrEqual(started - 1_000);
    expect(Date.now() - Date.parse(stuck.stuckSince!)).toBeGreaterThanOrEqual(stuckMs);
    // age of the record at offset 2, which only Kafka holds
    expect(stuck.lagSeconds).toBeGreaterThanOrEqual((started - timestampOf(2)) / 1000);
    expect(stuck.lagSeconds).toBeLessThanOrEqual((Date.now() - timestampOf(2)) / 1000 + 1);
  });

  it('keeps the samples and knows a stuck partition again after a restart, from the history alone', async () => {
    const samples = await history.querySamples(group, 0, Date.now());
    expect(samples.length).toBeGreaterThanOrEqual(3);
    expect(samples.every((s) => s.committedOffset === 2 && s.lagRecords > 0)).toBe(true);
    expect(samples.at(-1)?.lagSeconds).toBeGreaterThan(8 * 60);
    const before = (await ourPartition(sampler))?.stuckSince;
    await sampler.stop();
    history = openLagHistoryStore(dataDir);
    sampler = createLagSampler({ kafka, store: emptyStore, history, sampleMs: 300, stuckMs, retentionDays: 7, groupIds: [group] });
    const first = await ourPartition(sampler);
    expect(first?.stuckSince).toBe(before);
    expect(first?.stuckSince).toBe(samples[0]?.time);
  });

  it('sees the group catch up once it commits again', async () => {
    // a fresh memory beside the same history (the one stopped in afterAll, closing the history)
    const restarted = (sampler = createLagSampler({ kafka, store: emptyStore, history, sampleMs: 300, stuckMs, retentionDays: 7, groupIds: [group] }));
    const { high } = (await admin.fetchTopicOffsets(topic))[0]!;
    await ourPartition(restarted);
    await new Promise((r) => setTimeout(r, 500));
    await admin.commitGroupOffsets(group, [{ topic, partition: 0, offset: high - 1 }]);
    const p = await ourPartition(restarted);
    expect(p).toMatchObject({ committedOffset: high - 1, lagRecords: 1, stuckSince: null, fallingBehind: false });
    expect(p?.catchUpSeconds).toBeGreaterThan(0);
    expect(p?.catchUpSeconds).toBeLessThan(1);
  });
});

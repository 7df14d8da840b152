import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopics, produce, testKafka, uniquePrefix } from '../../testing/kafka-fixtures';
import { testDatabaseUrl, withDatabase } from '../../testing/postgres-fixtures';
import { closeSharedAdmin, type KafkaAdmin } from '../kafka';
import type { LagHistoryStore } from './history-store';
import { createLagSampler, type LagSampler } from './lag-sampler';
import { openPostgresLagHistoryStore } from './postgres-history-store';

const prefix = uniquePrefix('shared-lag');
const topic = `${prefix}orders`;
const group = `${prefix}billing`;
const schema = `lens_lag_${randomBytes(5).toString('hex')}`;
const kafka = testKafka();
const emptyStore = { getRecord: () => Promise.resolve(null) };
/** one clock for every instance, moved a second before each sample: every sample has a time of its own */
let clock = Date.now();
const samplers: LagSampler[] = [];
let admin: KafkaAdmin;

/** A dashboard instance: its own sampler on its own connections to the one shared history. */
function instance(url = testDatabaseUrl()): LagSampler {
  const history = openPostgresLagHistoryStore({ url, schema });
  const sampler = createLagSampler({ kafka, store: emptyStore, history, sampleMs: 60_000, stuckMs: 1, retentionDays: 7, groupIds: [group], now: () => clock });
  samplers.push(sampler);
  return sampler;
}

/** samples once at a new time; returns that time and what this instance saw of the partition */
async function sampleAt(sampler: LagSampler) {
  clock += 1_000;
  const lag = await sampler.sample();
  const partition = lag.groups.find((g) => g.groupId === group)?.partitions.find((p) => p.topic === topic && p.partition === 0);
  return { time: new Date(clock).toISOString(), partition };
}

const historyTimes = async (history: LagHistoryStore) => (await history.querySamples(group, 0, Infinity)).map((s) => s.time);

beforeAll(async () => {
  await withDatabase((client) => client.query(`CREATE SCHEMA ${schema}`));
  await createTopics(kafka, [topic], 1);
  await produce(kafka, topic, [0, 1, 2, 3, 4].map((i) => ({ key: `k${i}`, value: `v${i}`, partition: 0 })));
  admin = await kafka.connectAdmin();
  // the group consumed 0 and 1, then stopped committing: stuck with 3 waiting
  await admin.commitGroupOffsets(group, [{ topic, partition: 0, offset: 2 }]);
}, 120_000);

afterAll(async () => {
  for (const sampler of samplers) await sampler.stop();
  await withDatabase((client) => client.query(`DROP SCHEMA ${schema} CASCADE`));
  await admin?.deleteGroups([group]).catch(() => undefined);
  await admin?.deleteTopics([topic]).catch(() => undefined);
  await admin?.close();
  await closeSharedAdmin();
});

describe('the lag history shared by several dashboard instances (PostgreSQL)', () => {
  it('is written by one instance only while every instance sees the lag; a new instance knows the stuck partition from it; the writer stopping hands over', async () => {
    const [first, second] = [instance(), instance()];
    const written: string[] = [];
    for (let round = 0; round < 3; round++) {
      const a = await sampleAt(first);
      const b = await sampleAt(second);
      written.push(a.time);
      // both see the live lag, whoever writes
      expect([a.partition?.lagRecords, b.partition?.lagRecords]).toEqual([3, 3]);
    }
    // the first to write became the writer: the history holds its samples, once each, and none of the other's
    expect(await historyTimes(second.history)).toEqual(written);

    // an instance that never sampled before (a restart, or another instance the browser talks to) finds the stuck partition in it
    const third = instance();
    const c = await sampleAt(third);
    expect(c.partition?.stuckSince).toBe(written[0]);
    expect(await historyTimes(third.history)).toEqual(written);

    // the writer goes away: the next instance to sample takes over
    await first.stop();
    const b = await sampleAt(second);
    expect(await historyTimes(third.history)).toEqual([...written, b.time]);
    expect(b.partition?.stuckSince).toBe(written[0]);
  });

  it('shows the live lag while the shared database does not answer: only the history misses the sample', async () => {
    // nothing listens on port 1: every connection is refused
    const cut = instance('postgres://lens@127.0.0.1:1/lens');
    const { partition } = await sampleAt(cut);
    expect(partition).toMatchObject({ committedOffset: 2, lagRecords: 3 });
    await expect(cut.history.querySamples(group, 0, Infinity)).rejects.toThrow();
  });
});

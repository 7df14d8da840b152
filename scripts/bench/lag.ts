/**
 * `tsx scripts/bench/lag.ts`: 50 consumer groups over 25 topics × 20 partitions (500 partitions, each topic read
 * by two groups), offsets committed through the admin API; then times 5 refreshes of `fetchConsumerLag` over the
 * whole cluster, and 5 ticks of the lag sampler that serves `GET /api/lag` (the same read, plus ages read from
 * Kafka for records the store lacks, stuck and trend arithmetic, and the history write), against the ≤ 2 s target.
 * Deletes its groups and topics afterwards.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../server/config';
import { closeSharedAdmin, createKafkaAccess, type KafkaAdmin } from '../../server/kafka';
import { createLagSampler, fetchConsumerLag, openLagHistoryStore, type ConsumerLag } from '../../server/lag';
import { mapConcurrently } from '../../server/lag/map-concurrently';
import { openRecordStore } from '../../server/store';
import { produce, tempDir, waitFor } from '../../testing/kafka-fixtures';

const topicCount = 25;
const partitionsPerTopic = 20;
const groupsPerTopic = 2;
const recordsPerPartition = 10;
const refreshes = 5;
const targetMs = 2_000;
const config = loadConfig({ LENS_KAFKA_BROKERS: process.env.LENS_KAFKA_BROKERS ?? '127.0.0.1:9092' });
const kafka = createKafkaAccess(config.kafka, '-bench');
const prefix = `bench-lag-${randomBytes(4).toString('hex')}-`;
const topics = Array.from({ length: topicCount }, (_, t) => `${prefix}t${t}`);
const groups = topics.flatMap((topic, t) => Array.from({ length: groupsPerTopic }, (_, g) => ({ groupId: `${prefix}g${t}-${g}`, topic })));
const say = (line: string) => process.stdout.write(`${line}\n`);
const dataDir = tempDir('lens-bench-lag');

async function setUp(admin: KafkaAdmin): Promise<void> {
  for (const topic of topics) {
    await admin.createTopic(topic, partitionsPerTopic);
    // on a busy machine the new partitions' leaders answer a moment after the controller does
    await waitFor(async () => (await admin.fetchTopicOffsets(topic)).length === partitionsPerTopic, `${topic}'s partition leaders`, 60_000, 250);
  }
  await mapConcurrently(topics, 5, (topic) =>
    produce(kafka, topic, Array.from({ length: partitionsPerTopic * recordsPerPartition }, (_, i) => ({ key: null, value: `r${i}`, partition: i % partitionsPerTopic }))),
  );
  // every fourth partition stays uncommitted; the others lag by 0..9 records
  await mapConcurrently(groups, 5, ({ groupId, topic }) =>
    admin.commitGroupOffsets(
      groupId,
      Array.from({ length: partitionsPerTopic }, (_, partition) => ({ topic, partition, offset: partition % recordsPerPartition })).filter((o) => o.partition % 4 !== 3),
    ),
  );
}

async function timeRefreshes(label: string, refresh: () => Promise<ConsumerLag>): Promise<void> {
  const timings: number[] = [];
  for (let i = 0; i < refreshes; i++) {
    const started = performance.now();
    const lag = await refresh();
    timings.push(performance.now() - started);
    const ours = lag.groups.filter((g) => g.groupId.startsWith(prefix));
    const rows = lag.groups.reduce((n, g) => n + g.partitions.length, 0);
    say(
      `${label} ${i + 1}: ${timings.at(-1)!.toFixed(0).padStart(5)} ms  ${lag.groups.length} groups on the cluster, ${rows} partition rows` +
        ` (bench: ${ours.length} groups, ${ours.reduce((n, g) => n + g.partitions.length, 0)} rows, ${ours.reduce((n, g) => n + g.lagRecords, 0)} records of lag)`,
    );
  }
  const sorted = [...timings].sort((a, b) => a - b);
  const p50 = sorted[Math.floor(sorted.length / 2)]!;
  const max = sorted.at(-1)!;
  say(`${label}: p50 ${p50.toFixed(0)} ms, max ${max.toFixed(0)} ms; target ≤ ${targetMs} ms per refresh → ${max <= targetMs ? 'MET' : 'NOT MET'}`);
}

async function main() {
  const admin = await kafka.connectAdmin();
  const store = openRecordStore({ dataDir });
  try {
    const began = performance.now();
    await setUp(admin);
    say(`set up ${groups.length} groups on ${topicCount} topics × ${partitionsPerTopic} partitions in ${((performance.now() - began) / 1000).toFixed(1)} s`);
    await timeRefreshes('fetchConsumerLag', () => fetchConsumerLag(admin, store));
    const history = openLagHistoryStore(dataDir);
    const sampler = createLagSampler({ kafka, store, history, ...config.lag });
    try {
      // the first tick reads from Kafka the age of every lagging partition (the store is empty); later ticks hit the cache
      await timeRefreshes('sampler tick', () => sampler.sample());
      const ages = (await sampler.current()).groups.filter((g) => g.groupId.startsWith(prefix)).flatMap((g) => g.partitions.filter((p) => p.lagRecords > 0));
      say(`ages known for ${ages.filter((p) => p.lagSeconds !== null).length} of ${ages.length} lagging bench partitions (read from Kafka)`);
      say(`history: ${(await history.querySamples(`${prefix}g0-0`, 0, Date.now())).length} samples of one group kept`);
    } finally {
      // closes the history too
      await sampler.stop();
    }
  } finally {
    await admin.deleteGroups(groups.map((g) => g.groupId)).catch((e: unknown) => say(`could not delete the bench groups: ${String(e)}`));
    await admin.deleteTopics(topics).catch((e: unknown) => say(`could not delete the bench topics: ${String(e)}`));
    await admin.close();
    await closeSharedAdmin();
    await store.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);

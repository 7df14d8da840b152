/**
 * `tsx scripts/bench/lag.ts`: 50 consumer groups over 25 topics × 20 partitions (500 partitions, each topic read
 * by two groups), offsets committed through the admin API; then times 5 refreshes of `fetchConsumerLag` over the
 * whole cluster, as `GET /api/lag` does, against the ≤ 2 s target. Deletes its groups and topics afterwards.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../server/config';
import { createKafkaAccess, type KafkaAdmin } from '../../server/kafka';
import { fetchConsumerLag } from '../../server/lag';
import { mapConcurrently } from '../../server/lag/map-concurrently';
import { openRecordStore } from '../../server/store';
import { produce, tempDir } from '../../testing/kafka-fixtures';

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

async function setUp(admin: KafkaAdmin): Promise<void> {
  for (const topic of topics) await admin.createTopic(topic, partitionsPerTopic);
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

async function main() {
  const admin = await kafka.connectAdmin();
  const store = openRecordStore({ dataDir: tempDir('lens-bench-lag') });
  try {
    const began = performance.now();
    await setUp(admin);
    say(`set up ${groups.length} groups on ${topicCount} topics × ${partitionsPerTopic} partitions in ${((performance.now() - began) / 1000).toFixed(1)} s`);
    const timings: number[] = [];
    for (let i = 0; i < refreshes; i++) {
      const started = performance.now();
      const lag = await fetchConsumerLag(admin, store);
      timings.push(performance.now() - started);
      const ours = lag.groups.filter((g) => g.groupId.startsWith(prefix));
      const rows = lag.groups.reduce((n, g) => n + g.partitions.length, 0);
      say(
        `refresh ${i + 1}: ${timings.at(-1)!.toFixed(0).padStart(5)} ms  ${lag.groups.length} groups on the cluster, ${rows} partition rows` +
          ` (bench: ${ours.length} groups, ${ours.reduce((n, g) => n + g.partitions.length, 0)} rows, ${ours.reduce((n, g) => n + g.lagRecords, 0)} records of lag)`,
      );
    }
    const sorted = [...timings].sort((a, b) => a - b);
    const p50 = sorted[Math.floor(sorted.length / 2)]!;
    const max = sorted.at(-1)!;
    say(`p50 ${p50.toFixed(0)} ms, max ${max.toFixed(0)} ms; target ≤ ${targetMs} ms per refresh → ${max <= targetMs ? 'MET' : 'NOT MET'}`);
  } finally {
    await admin.deleteGroups(groups.map((g) => g.groupId)).catch((e: unknown) => say(`could not delete the bench groups: ${String(e)}`));
    await admin.deleteTopics(topics).catch((e: unknown) => say(`could not delete the bench topics: ${String(e)}`));
    await admin.close();
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

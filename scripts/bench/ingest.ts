/**
 * `npm run bench:ingest`: produces realistic ~1 KB Eventy records to a fresh topic, then reads them twice
 * in the same run — (a) a bare consumer of our Kafka layer that only counts, (b) the collector storing into
 * SQLite — and prints both rates and the ratio (b)/(a).
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../server/config';
import { createCollector } from '../../server/ingest';
import { createKafkaAccess } from '../../server/kafka';
import { openRecordStore } from '../../server/store';
import { realisticRecord } from './realistic-record';
import { createTopics, produce, tempDir } from '../../testing/kafka-fixtures';

const total = Number(process.env.BENCH_RECORDS ?? 200_000);
const partitions = Number(process.env.BENCH_PARTITIONS ?? 3);
const config = loadConfig({ LENS_KAFKA_BROKERS: process.env.LENS_KAFKA_BROKERS ?? '127.0.0.1:9092' });
const kafka = createKafkaAccess(config.kafka, '-bench');
const topic = `bench-ingest-${randomBytes(4).toString('hex')}`;

async function timeUntil(count: () => number, start: () => void): Promise<{ seconds: number; fromFirstSeconds: number }> {
  const began = performance.now();
  let firstAt: number | null = null;
  start();
  while (count() < total) {
    if (firstAt === null && count() > 0) firstAt = performance.now();
    await new Promise((r) => setTimeout(r, 20));
  }
  const ended = performance.now();
  return { seconds: (ended - began) / 1000, fromFirstSeconds: (ended - (firstAt ?? began)) / 1000 };
}

async function bareConsumerRate(): Promise<number> {
  let seen = 0;
  const consumer = kafka.createBatchConsumer({
    groupId: `${topic}-bare-${randomBytes(3).toString('hex')}`,
    topics: [topic],
    fromBeginning: true,
    onBatch: (batch) => {
      seen += batch.messages.length;
      return Promise.resolve();
    },
  });
  const t = await timeUntil(() => seen, () => void consumer.start());
  await consumer.stop();
  return total / t.fromFirstSeconds;
}

async function collectorRate(): Promise<{ rate: number; sizeBytes: number }> {
  const store = openRecordStore({ dataDir: tempDir('lens-bench') });
  const collector = createCollector({
    kafka,
    store,
    groupId: `${topic}-lens-${randomBytes(3).toString('hex')}`,
    topicPattern: new RegExp(`^${topic}$`),
    topicRefreshMs: 10_000,
  });
  const t = await timeUntil(() => collector.status().recordsIngested, () => collector.start());
  await collector.stop();
  const stats = await store.stats();
  await store.close();
  if (stats.recordCount !== total) throw new Error(`collector stored ${stats.recordCount}, expected ${total}`);
  return { rate: total / t.fromFirstSeconds, sizeBytes: stats.sizeBytes };
}

async function main() {
  const sample = realisticRecord(0).value.length;
  process.stdout.write(`producing ${total} records (~${sample} B each) to ${topic} (${partitions} partitions)...\n`);
  await createTopics(kafka, [topic], partitions);
  const produceStart = performance.now();
  const batch = 5000;
  for (let i = 0; i < total; i += batch) {
    await produce(kafka, topic, Array.from({ length: Math.min(batch, total - i) }, (_, j) => realisticRecord(i + j)), batch);
  }
  process.stdout.write(`produced in ${((performance.now() - produceStart) / 1000).toFixed(1)} s\n`);

  const bare = await bareConsumerRate();
  const lens = await collectorRate();
  const bareAgain = await bareConsumerRate();
  const baseline = (bare + bareAgain) / 2;
  const ratio = lens.rate / baseline;
  const row = (label: string, rate: number) => `${label.padEnd(44)} ${Math.round(rate).toLocaleString('en').padStart(10)} records/s`;
  process.stdout.write(
    [
      '',
      row('(a) bare consumer, run 1', bare),
      row('(a) bare consumer, run 2', bareAgain),
      row('(b) collector → SQLite (decode+store+commit)', lens.rate),
      `store size after ingest: ${(lens.sizeBytes / 1024 / 1024).toFixed(1)} MiB`,
      `ratio (b)/(a mean): ${ratio.toFixed(2)}   targets: ratio ≥ 0.60, (b) ≥ 20,000 records/s → ${ratio >= 0.6 && lens.rate >= 20_000 ? 'MET' : 'NOT MET'}`,
      '',
    ].join('\n'),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);

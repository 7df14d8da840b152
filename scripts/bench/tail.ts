/**
 * `npm run bench:tail`: a collector and the live tail's SSE stream in-process, on a fresh one-partition topic;
 * produces records one at a time ~20 ms apart and measures produce (send called) → SSE frame received per
 * record, against the p95 ≤ 500 ms target. Baseline in the same run: a bare kafkajs consumer of the same
 * records (maxWaitTimeInMs as the collector's), and the ratio of the two.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../server/config';
import { createCollector } from '../../server/ingest';
import { createRecordEventStream } from '../../server/ingest/record-stream';
import { createKafkaAccess } from '../../server/kafka';
import { createKafkajsClient } from '../../server/kafka/client';
import { openRecordStore } from '../../server/store';
import { recordFilterSchema, type RecordView } from '../../server/store/contract';
import { encoded, testEvent } from '../../testing/eventy-records';
import { createTopics, tempDir, waitFor } from '../../testing/kafka-fixtures';
import { sseFrames } from '../../testing/sse-frames';

const total = Number(process.env.BENCH_RECORDS ?? 300);
const spacingMs = 20;
const targetP95Ms = 500;
const config = loadConfig({ LENS_KAFKA_BROKERS: process.env.LENS_KAFKA_BROKERS ?? '127.0.0.1:9092' });
const kafka = createKafkaAccess(config.kafka, '-bench');
const topic = `bench-tail-${randomBytes(4).toString('hex')}`;
const groups = { lens: `${topic}-lens`, bare: `${topic}-bare` };
const say = (line: string) => process.stdout.write(`${line}\n`);

const sentAt = new Map<string, number>();
const tailAt = new Map<string, number>();
const bareAt = new Map<string, number>();

function message(key: string) {
  const record = testEvent({ partition_key: key, data: { order_id: key, lines: [{ sku: 'sku-1', qty: 2 }], total_cents: 4599 } });
  return { ...encoded(record), headers: { bench: 'tail' } };
}

function percentiles(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { p50: at(50), p95: at(95), max: sorted.at(-1)! };
}

async function main() {
  await createTopics(kafka, [topic], 1);
  const store = openRecordStore({ dataDir: tempDir('lens-bench-tail') });
  const collector = createCollector({ kafka, store, groupId: groups.lens, topicPattern: new RegExp(`^${topic}$`), topicRefreshMs: 10_000 });
  const abort = new AbortController();
  const query = recordFilterSchema.parse({ topic, header: 'bench', headerValue: 'tail' });
  const frames = sseFrames(createRecordEventStream({ collector, query, signal: abort.signal }));
  const reading = (async () => {
    for await (const frame of frames) {
      if (frame.event === 'overflow') say(`overflow frame: ${frame.data}`);
      if (frame.event !== 'records') continue;
      const now = performance.now();
      for (const view of JSON.parse(frame.data) as RecordView[]) if (view.key !== null) tailAt.set(view.key, now);
    }
  })();
  const bare = createKafkajsClient(config.kafka, '-bench-bare').consumer({ groupId: groups.bare, maxWaitTimeInMs: 500 });
  await bare.connect();
  await bare.subscribe({ topics: [topic], fromBeginning: true });
  await bare.run({
    eachMessage: async ({ message: m }) => {
      if (m.key !== null) bareAt.set(m.key.toString(), performance.now());
      return Promise.resolve();
    },
  });
  collector.start();
  const producer = await kafka.connectProducer();
  try {
    await producer.send(topic, [message('warm-up')]);
    await waitFor(() => tailAt.has('warm-up') && bareAt.has('warm-up'), 'both consumers to receive the warm-up record', 60_000, 20);
    say(`producing ${total} records to ${topic}, one every ${spacingMs} ms...`);
    const began = performance.now();
    for (let i = 0; i < total; i++) {
      const key = `tail-${i}`;
      const delay = began + i * spacingMs - performance.now();
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      sentAt.set(key, performance.now());
      await producer.send(topic, [message(key)]);
    }
    await waitFor(() => [...sentAt.keys()].every((k) => tailAt.has(k) && bareAt.has(k)), 'every record on both paths', 30_000, 20).catch((e: unknown) =>
      say(String(e)),
    );
  } finally {
    abort.abort();
    await reading;
    await producer.close();
    await bare.disconnect();
    await collector.stop();
    await store.close();
    const admin = await kafka.connectAdmin();
    await admin.deleteGroups([groups.lens, groups.bare]).catch((e: unknown) => say(`could not delete the bench groups: ${String(e)}`));
    await admin.deleteTopics([topic]).catch((e: unknown) => say(`could not delete the bench topic: ${String(e)}`));
    await admin.close();
  }
  const latencies = (arrived: Map<string, number>) =>
    [...sentAt].flatMap(([key, sent]) => (arrived.has(key) ? [arrived.get(key)! - sent] : []));
  const tail = percentiles(latencies(tailAt));
  const base = percentiles(latencies(bareAt));
  const row = (label: string, received: number, p: ReturnType<typeof percentiles>) =>
    `${label.padEnd(40)} ${String(received).padStart(4)}/${total}  p50 ${p.p50.toFixed(1).padStart(6)} ms  p95 ${p.p95.toFixed(1).padStart(6)} ms  max ${p.max.toFixed(1).padStart(6)} ms`;
  const complete = latencies(tailAt).length === total;
  say(
    [
      '',
      row('(a) bare kafkajs consumer', latencies(bareAt).length, base),
      row('(b) collector → store → SSE frame', latencies(tailAt).length, tail),
      `ratio (b)/(a): p50 ${(tail.p50 / base.p50).toFixed(2)}, p95 ${(tail.p95 / base.p95).toFixed(2)}`,
      `target: (b) p95 ≤ ${targetP95Ms} ms, every record delivered → ${complete && tail.p95 <= targetP95Ms ? 'MET' : 'NOT MET'}`,
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

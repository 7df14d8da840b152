/**
 * `npm run bench:tail:sse`: a collector and the live tail's SSE stream in-process, on a fresh one-partition topic;
 * produces records one at a time ~20 ms apart and measures produce (send called) → SSE frame received per
 * record, against the p95 ≤ 500 ms target. Baseline in the same run: a bare kafkajs consumer of the same
 * records (maxWaitTimeInMs as the collector's), and the ratio of the two. `tail-browser.ts` measures up to the browser's DOM.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../server/config';
import { createCollector } from '../../server/ingest';
import { createRecordEventStream } from '../../server/ingest/record-stream';
import { createKafkaAccess } from '../../server/kafka';
import { openRecordStore } from '../../server/store';
import { recordFilterSchema, type RecordView } from '../../server/store/contract';
import { createTopics, tempDir, waitFor } from '../../testing/kafka-fixtures';
import { sseFrames } from '../../testing/sse-frames';
import { latencies, latencyLine, producePaced, say, startBareConsumer, tailBenchMessage, tailKeys, tailSpacingMs, verdictLines, wallNow, warmUpKey } from './tail-measure';

const total = Number(process.env.BENCH_RECORDS ?? 300);
const config = loadConfig({ LENS_KAFKA_BROKERS: process.env.LENS_KAFKA_BROKERS ?? '127.0.0.1:9092' });
const kafka = createKafkaAccess(config.kafka, '-bench');
const topic = `bench-tail-${randomBytes(4).toString('hex')}`;
const groups = { lens: `${topic}-lens`, bare: `${topic}-bare` };

async function main() {
  await createTopics(kafka, [topic], 1);
  const store = openRecordStore({ dataDir: tempDir('lens-bench-tail') });
  const collector = createCollector({ kafka, store, groupId: groups.lens, topicPattern: new RegExp(`^${topic}$`), topicRefreshMs: 10_000 });
  const abort = new AbortController();
  const query = recordFilterSchema.parse({ topic, header: 'bench', headerValue: 'tail' });
  const frames = sseFrames(createRecordEventStream({ collector, query, signal: abort.signal }));
  const tailAt = new Map<string, number>();
  const reading = (async () => {
    for await (const frame of frames) {
      if (frame.event === 'overflow') say(`overflow frame: ${frame.data}`);
      if (frame.event !== 'records') continue;
      const now = wallNow();
      for (const view of JSON.parse(frame.data) as RecordView[]) if (view.key !== null) tailAt.set(view.key, now);
    }
  })();
  const bare = await startBareConsumer(config.kafka, topic, groups.bare);
  collector.start();
  const producer = await kafka.connectProducer();
  let sentAt = new Map<string, number>();
  try {
    await producer.send(topic, [tailBenchMessage(warmUpKey)]);
    await waitFor(() => tailAt.has(warmUpKey) && bare.arrivedAt.has(warmUpKey), 'both consumers to receive the warm-up record', 60_000, 20);
    say(`producing ${total} records to ${topic}, one every ${tailSpacingMs} ms...`);
    sentAt = (await producePaced(producer, topic, tailKeys(total))).calledAt;
    await waitFor(() => [...sentAt.keys()].every((k) => tailAt.has(k) && bare.arrivedAt.has(k)), 'every record on both paths', 30_000, 20).catch((e: unknown) =>
      say(String(e)),
    );
  } finally {
    abort.abort();
    await reading;
    await producer.close();
    await bare.stop();
    await collector.stop();
    await store.close();
    const admin = await kafka.connectAdmin();
    await admin.deleteGroups([groups.lens, groups.bare]).catch((e: unknown) => say(`could not delete the bench groups: ${String(e)}`));
    await admin.deleteTopics([topic]).catch((e: unknown) => say(`could not delete the bench topic: ${String(e)}`));
    await admin.close();
  }
  const tail = latencies(sentAt, tailAt);
  const base = latencies(sentAt, bare.arrivedAt);
  say(
    [
      '',
      latencyLine('(a) bare kafkajs consumer', total, base),
      latencyLine('(b) collector → store → SSE frame', total, tail),
      ...verdictLines(total, tail, base, ['MET', 'NOT MET']),
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

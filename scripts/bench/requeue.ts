/**
 * `tsx scripts/bench/requeue.ts`: bulk requeue of 10,000 stored dead letters through the same job the API starts
 * (batches of 500, one log transaction and one produce per batch, idempotent acks=all producer), timed against a bare
 * kafkajs idempotent producer sending the same 10,000 records in the same batches in the same run; then reads the
 * whole target topic and checks that every requeue id is on it exactly once. Target: ≥ 2,000 records/s.
 * With LENS_BENCH_DATABASE_URL the requeue log is in PostgreSQL (a database made for the run), as in the shared setup;
 * else in its SQLite file. Deletes its topics (and that database) afterwards.
 */
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { loadConfig } from '../../server/config';
import { lensHeaders } from '../../server/deadletters/contract';
import { createDeadLetterActions } from '../../server/deadletters/dead-letter-actions';
import { countByHeader, readTopicPlainly, storeTopic } from '../../server/deadletters/requeue.fixture';
import { encodeEventyJson } from '../../server/decode';
import { exampleEvent } from '../../server/decode/eventy-examples.fixture';
import { closeSharedAdmin, createKafkaAccess, type ConsumedMessage } from '../../server/kafka';
import { openSqliteRecordStore } from '../../server/store';
import pg from 'pg';
import { createTopics, produce, tempDir } from '../../testing/kafka-fixtures';

const total = 10_000;
const batchSize = 500;
const targetPerSecond = 2_000;
const brokers = process.env.LENS_KAFKA_BROKERS ?? '127.0.0.1:9092';
const dataDir = tempDir('lens-bench-requeue');
const config = loadConfig({ LENS_KAFKA_BROKERS: brokers, LENS_DATA_DIR: dataDir });
const kafka = createKafkaAccess(config.kafka, '-bench');
const prefix = `bench-requeue-${randomBytes(4).toString('hex')}-`;
const [original, dlq, baselineTopic] = [`${prefix}orders-events`, `${prefix}orders-events.dlq`, `${prefix}baseline`];
const say = (line: string) => process.stdout.write(`${line}\n`);
const serverUrl = process.env.LENS_BENCH_DATABASE_URL || undefined;
const logDatabase = `lens_${prefix.replace(/-/g, '_')}log`;

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

/** A database of its own for the run's requeue log, or undefined for the SQLite file. */
async function logDatabaseUrl(): Promise<string | undefined> {
  if (serverUrl === undefined) return undefined;
  await onServer(`CREATE DATABASE ${logDatabase}`);
  const url = new URL(serverUrl);
  url.pathname = `/${logDatabase}`;
  return url.toString();
}

async function baseline(messages: readonly ConsumedMessage[]): Promise<number> {
  const bare = new Kafka({ clientId: 'bench-baseline', brokers: [brokers], logLevel: logLevel.NOTHING });
  const producer = bare.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  const started = performance.now();
  for (let i = 0; i < messages.length; i += batchSize) {
    const batch = messages.slice(i, i + batchSize).map((m) => ({ key: m.key, value: m.value, partition: m.partition, headers: Object.fromEntries(m.headers.map((h) => [h.key, h.value])) }));
    await producer.send({ topic: baselineTopic, acks: -1, messages: batch });
  }
  const seconds = (performance.now() - started) / 1000;
  await producer.disconnect();
  return seconds;
}

async function main(): Promise<void> {
  await createTopics(kafka, [original, dlq, baselineTopic], 3);
  const store = openSqliteRecordStore({ dataDir });
  const value = encodeEventyJson(exampleEvent);
  await produce(kafka, dlq, Array.from({ length: total }, (_, i) => ({ key: `order-${i}`, value, headers: { [lensHeaders.originalTopic]: original, [lensHeaders.originalPartition]: String(i % 3), 'kafka_dlt-exception-message': `boom ${i}` } })));
  const messages = await storeTopic(kafka, store, dlq);
  say(`${messages.length} dead letters of ${value.length} bytes stored (${dlq}), requeue to ${original}, batches of ${batchSize}`);

  const baselineSeconds = await baseline(messages);
  const baselineRate = total / baselineSeconds;
  say(`baseline (bare kafkajs idempotent producer, same records and batches): ${baselineSeconds.toFixed(2)} s, ${baselineRate.toFixed(0)} records/s`);

  const databaseUrl = await logDatabaseUrl();
  say(`requeue log: ${databaseUrl === undefined ? 'SQLite file' : 'PostgreSQL (shared setup)'}`);
  const actions = createDeadLetterActions({ dataDir, databaseUrl, kafka, store, deadLetters: config.deadLetters, requeue: config.requeue, recoverAtStart: false, batchSize });
  const started = performance.now();
  const answer = await actions.startBulkRequeue({ ids: messages.map((m) => `${m.topic}:${m.partition}:${m.offset}`) }, 'bench');
  if (!answer.ok) throw new Error(answer.error);
  const { job } = answer;
  await actions.runner.run(job.id).done;
  const seconds = (performance.now() - started) / 1000;
  const view = (await actions.jobs.view(job.id))!;
  await actions.close();
  const rate = total / seconds;
  say(`bulk requeue job: ${view.state}, ${view.done} done, ${view.skipped} skipped, ${view.failed} failed in ${seconds.toFixed(2)} s: ${rate.toFixed(0)} records/s`);
  say(`ratio to baseline: ${(rate / baselineRate).toFixed(2)} (${rate >= targetPerSecond ? 'meets' : 'MISSES'} the ≥ ${targetPerSecond} records/s target)`);

  const onTarget = await readTopicPlainly(original);
  const perRequeueId = countByHeader(onTarget, lensHeaders.requeueId);
  const perDeadLetter = countByHeader(onTarget, lensHeaders.requeuedFrom);
  const once = [...perRequeueId.values()].every((n) => n === 1) && [...perDeadLetter.values()].every((n) => n === 1);
  say(`exactly-once check: ${onTarget.length} records on ${original}, ${perRequeueId.size} distinct requeue ids, ${perDeadLetter.size} distinct dead letters, every count == 1: ${once && perDeadLetter.size === total && onTarget.length === total ? 'yes' : 'NO'}`);

  await store.close();
  if (databaseUrl !== undefined) await onServer(`DROP DATABASE IF EXISTS ${logDatabase} WITH (FORCE)`);
  const admin = await kafka.connectAdmin();
  await admin.deleteTopics([original, dlq, baselineTopic]).finally(() => admin.close());
  await closeSharedAdmin();
  if (!once || rate < targetPerSecond) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeLensRuntime, createLensRuntime, type LensRuntime } from '../runtime/create-runtime';
import type { RecordStore } from '../store/contract';
import { createTopics, produce, testConfig, testKafka, uniquePrefix, waitFor } from '../../testing/kafka-fixtures';
import { encoded, testEvent } from '../../testing/eventy-records';
import type { Collector } from './collector';
import type { CollectorState } from './contract';

// A private broker on its own port, so stopping it does not disturb other tests.
const port = process.env.LENS_TEST_PRIVATE_KAFKA_PORT ?? '19392';
const brokers = `127.0.0.1:${port}`;
const root = path.resolve(import.meta.dirname, '../..');
const kafkaScript = (command: string) =>
  execFileSync('bash', [path.join(root, 'scripts/kafka/kafka.sh'), command], { env: { ...process.env, KAFKA_PORT: port }, stdio: 'pipe' });

const prefix = uniquePrefix('reconnect');
const topic = `${prefix}orders-events`;
let runtime: LensRuntime;
let store: RecordStore;
let collector: Collector;

beforeAll(async () => {
  kafkaScript('reset');
  kafkaScript('start');
  await createTopics(testKafka(brokers), [topic], 1);
  const config = testConfig({ LENS_KAFKA_BROKERS: brokers, LENS_TOPICS: `^${prefix}`, LENS_GROUP_ID: `${prefix}lens`, LENS_TOPIC_REFRESH_MS: '1000' });
  runtime = createLensRuntime(config);
  ({ store, collector } = runtime);
  collector.start();
}, 180_000);

afterAll(async () => {
  await closeLensRuntime(runtime);
  kafkaScript('stop');
  kafkaScript('reset');
}, 120_000);

const stateIs = (...states: CollectorState[]) => () => states.includes(collector.status().state);

describe('collector when the broker goes away', () => {
  it('reports the outage, reconnects when the broker is back and resumes without loss', async () => {
    const before = testEvent();
    await produce(testKafka(brokers), topic, [encoded(before)]);
    await waitFor(async () => (await store.stats()).recordCount === 1, 'the first record', 60_000, 200);
    await waitFor(stateIs('connected'), 'connected', 30_000);

    kafkaScript('stop');
    await waitFor(() => stateIs('broker-down', 'reconnecting')() && collector.status().lastError, 'an outage state with its error', 60_000, 250);

    kafkaScript('start');
    const after = testEvent();
    await produce(testKafka(brokers), topic, [encoded(after)]);
    await waitFor(async () => (await store.queryRecords({ uuid: after.uuid, limit: 1 })).items.length === 1, 'the record sent after the outage', 120_000, 500);
    await waitFor(stateIs('connected'), 'connected again', 60_000, 250);
    expect((await store.stats()).recordCount).toBe(2);
  }, 300_000);
});

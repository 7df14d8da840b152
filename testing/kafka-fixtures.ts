/** Helpers for tests that talk to the real local broker (started by `npm test`). */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig, type LensConfig } from '../server/config';
import { createKafkaAccess, type KafkaAccess, type OutgoingMessage } from '../server/kafka';

export const testBrokers = process.env.LENS_TEST_BROKERS ?? '127.0.0.1:9092';

/** A short random prefix so every test file gets fresh topics and groups. */
export function uniquePrefix(label: string): string {
  return `it-${label}-${randomBytes(4).toString('hex')}-`;
}

export function testConfig(overrides: Record<string, string> = {}): LensConfig {
  return loadConfig({ LENS_KAFKA_BROKERS: testBrokers, LENS_DATA_DIR: tempDir('lens-data'), ...overrides });
}

export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${label}-`));
}

export function testKafka(brokers = testBrokers): KafkaAccess {
  return createKafkaAccess(loadConfig({ LENS_KAFKA_BROKERS: brokers }).kafka, '-test');
}

export async function createTopics(kafka: KafkaAccess, topics: string[], partitions = 3): Promise<void> {
  const admin = await kafka.connectAdmin();
  try {
    for (const topic of topics) {
      // a busy shared broker can answer the leader check with "does not host this topic-partition" for a new topic
      await admin.createTopic(topic, partitions).catch(async () => {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await admin.createTopic(topic, partitions);
      });
    }
  } finally {
    await admin.close();
  }
}

export async function produce(kafka: KafkaAccess, topic: string, messages: OutgoingMessage[], chunk = 1000): Promise<void> {
  const producer = await kafka.connectProducer();
  try {
    for (let i = 0; i < messages.length; i += chunk) await producer.send(topic, messages.slice(i, i + chunk));
  } finally {
    await producer.close();
  }
}

// __dirname, not import.meta: Playwright loads this file as CommonJS
const repoRoot = path.resolve(__dirname, '..');

/**
 * Sets a group's committed offsets with Kafka's own tool (AdminClient alterConsumerGroupOffsets):
 * kafkajs' setOffsets joins the group first and, on a young broker, can wait out session timeouts.
 */
export async function commitOffsetsWithKafkaTool(groupId: string, offsets: readonly { topic: string; partition: number; offset: number }[]): Promise<void> {
  for (const { topic, partition, offset } of offsets) {
    const args = ['--bootstrap-server', testBrokers, '--group', groupId, '--reset-offsets', '--topic', `${topic}:${partition}`, '--to-offset', String(offset), '--execute'];
    await promisify(execFile)('bash', ['scripts/kafka/kafka.sh', 'java-class', 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ...args], { cwd: repoRoot });
  }
}

/** Polls `check` until it returns a truthy value or the deadline passes. */
type Truthy<T> = Exclude<T, null | undefined | false | 0 | ''>;

export async function waitFor<T>(check: () => Promise<T> | T, what: string, timeoutMs = 30_000, everyMs = 100): Promise<Truthy<T>> {
  const deadline = performance.now() + timeoutMs;
  let last: unknown;
  while (performance.now() < deadline) {
    try {
      const value = await check();
      if (value) return value as Truthy<T>;
      last = value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
}

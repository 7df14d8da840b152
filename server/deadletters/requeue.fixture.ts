import { Kafka, logLevel } from 'kafkajs';
import { decodeEventyValue } from '../decode';
import type { ConsumedMessage, KafkaAccess } from '../kafka';
import type { RecordStore } from '../store/contract';
import { testBrokers } from '../../testing/kafka-fixtures';

/** Test data for requeue: dead letters produced to a real topic, then stored as the collector would store them. */

/** Reads the topic's partitions back from Kafka and stores every record, as the collector would. */
export async function storeTopic(kafka: KafkaAccess, store: RecordStore, topic: string): Promise<ConsumedMessage[]> {
  const admin = await kafka.connectAdmin();
  const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.close());
  const messages: ConsumedMessage[] = [];
  for (const p of offsets) messages.push(...(await kafka.readPartitionRange({ topic, partition: p.partition, fromOffset: p.low, untilOffset: p.high }, 60_000)));
  for (let i = 0; i < messages.length; i += 1000) {
    await store.insertBatch(messages.slice(i, i + 1000).map((message) => ({ message, decoded: decodeEventyValue(message.value) })));
  }
  return messages;
}

/** Every record of a topic (to its high watermarks) read by a plain kafkajs consumer, no Eventy Lens code in the way; headers as text. */
export async function readTopicPlainly(topic: string, timeoutMs = 60_000): Promise<{ partition: number; offset: number; key: string | null; value: Buffer | null; headers: Record<string, string[]> }[]> {
  const kafka = new Kafka({ clientId: 'plain-reader', brokers: [testBrokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  // to the high watermark of every partition: a duplicate would be read too
  const expected = (await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect())).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  const consumer = kafka.consumer({ groupId: `plain-reader-${Math.random().toString(16).slice(2)}`, allowAutoTopicCreation: false });
  const seen: Awaited<ReturnType<typeof readTopicPlainly>> = [];
  if (expected === 0) return seen;
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const timer = setTimeout(done, timeoutMs);
  await consumer.run({
    eachMessage: ({ partition, message }) => {
      const headers: Record<string, string[]> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = (Array.isArray(v) ? v : [v]).map((x) => String(x));
      seen.push({ partition, offset: Number(message.offset), key: message.key?.toString('utf8') ?? null, value: message.value, headers });
      if (seen.length >= expected) done();
      return Promise.resolve();
    },
  });
  await finished;
  clearTimeout(timer);
  await consumer.disconnect();
  return seen;
}

/** How many records on the target carry each value of `header`. */
export function countByHeader(records: readonly { headers: Record<string, string[]> }[], header: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records) for (const v of r.headers[header] ?? []) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

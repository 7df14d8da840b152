import { Partitioners, type IHeaders, type Kafka } from 'kafkajs';
import type { KafkaRecordWriter, WrittenRecord, WriteRecord } from './contract';

/** kafkajs takes headers as a map: repeated keys become arrays, so every header is kept. */
function toKafkajsHeaders(headers: WriteRecord['headers']): IHeaders {
  const out: Record<string, Buffer[]> = {};
  for (const h of headers) (out[h.key] ??= []).push(h.value);
  return Object.fromEntries(Object.entries(out).map(([key, values]) => [key, values.length === 1 ? values[0]! : values]));
}

/**
 * An idempotent producer (acks=all) for operator moves (requeue, replay): it never creates a topic, sends every
 * record to the partition it names and answers the offset each record got, so a durable log can point at it.
 */
export async function connectRecordWriter(kafka: Kafka): Promise<KafkaRecordWriter> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    // a missing target is the operator's mistake to see, not a topic to create with broker defaults
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    // fail within seconds: the caller's durable log, not kafkajs' retries, makes a send exactly once
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2_000 },
  });
  await producer.connect();
  return {
    async write(topic, records) {
      if (records.length === 0) return [];
      const answers = await producer.send({
        topic,
        acks: -1,
        messages: records.map((r) => ({ key: r.key, value: r.value, partition: r.partition, headers: toKafkajsHeaders(r.headers) })),
      });
      const base = new Map(answers.map((a) => [a.partition, Number(a.baseOffset ?? a.offset)]));
      const next = new Map<number, number>();
      // one produce request per partition: its records got consecutive offsets from the base, in send order
      return records.map((r): WrittenRecord => {
        const index = next.get(r.partition) ?? 0;
        next.set(r.partition, index + 1);
        const first = base.get(r.partition);
        if (first === undefined || Number.isNaN(first)) throw new Error(`the broker answered no offset for ${topic}:${r.partition}`);
        return { topic, partition: r.partition, offset: first + index };
      });
    },
    close: () => producer.disconnect(),
  };
}

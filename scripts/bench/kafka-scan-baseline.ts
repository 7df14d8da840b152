/**
 * The baseline for a correlation lookup: what a generic Kafka UI does without an index — read the topic from
 * the beginning with a bare kafkajs consumer, JSON-parse every value, keep those of the correlation id, and
 * read to the end, since nothing tells it that no later record of that correlation exists.
 */
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { KafkaAccess, OutgoingMessage } from '../../server/kafka';
import { generateRecords, type GenerateOptions } from './generate-records';

/** Produces the generator's records (values, keys, Kafka timestamps) to one topic; returns seconds taken. */
export async function produceGeneratedRecords(kafka: KafkaAccess, topic: string, options: GenerateOptions): Promise<number> {
  const producer = await kafka.connectProducer();
  const began = performance.now();
  try {
    let chunk: OutgoingMessage[] = [];
    const inFlight: Promise<void>[] = [];
    const send = async (): Promise<void> => {
      inFlight.push(producer.send(topic, chunk));
      chunk = [];
      if (inFlight.length >= 4) await inFlight.shift();
    };
    for (const { message } of generateRecords(options).records) {
      chunk.push({ key: message.key, value: message.value, timestamp: message.timestamp });
      if (chunk.length === 2000) await send();
    }
    if (chunk.length > 0) await send();
    await Promise.all(inFlight);
  } finally {
    await producer.close();
  }
  return (performance.now() - began) / 1000;
}

export interface ScanResult {
  seconds: number;
  /** when the last record of the correlation had been seen */
  lastMatchSeconds: number;
  scanned: number;
  matches: number;
}

export async function scanTopicForCorrelation(brokers: string[], topic: string, correlationId: string): Promise<ScanResult> {
  const kafka = new Kafka({ clientId: 'bench-generic-ui', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `bench-generic-ui-${randomBytes(4).toString('hex')}`;
  const consumer = kafka.consumer({ groupId });
  try {
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
    const open = new Set([...ends].filter(([, high]) => high > 0).map(([partition]) => partition));
    let scanned = 0;
    let matches = 0;
    let lastMatchAt = 0;
    const began = performance.now();
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      if (open.size === 0) resolve();
      void consumer.run({
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) {
            scanned++;
            try {
              const value = JSON.parse(message.value?.toString('utf8') ?? 'null') as { correlation_id?: unknown } | null;
              if (value?.correlation_id === correlationId) {
                matches++;
                lastMatchAt = performance.now();
              }
            } catch {
              // an undecodable value cannot be of the correlation
            }
            if (Number(message.offset) + 1 >= (ends.get(batch.partition) ?? 0)) open.delete(batch.partition);
          }
          if (open.size === 0) resolve();
          return Promise.resolve();
        },
      });
    });
    await done;
    const ended = performance.now();
    return { seconds: (ended - began) / 1000, lastMatchSeconds: (lastMatchAt - began) / 1000, scanned, matches };
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

import { Partitioners, type Kafka } from 'kafkajs';
import type { KafkaProducer, OutgoingMessage } from './contract';

/** An idempotent producer (acks=all); `send` resolves once the broker acknowledged every message. */
export async function connectProducer(kafka: Kafka): Promise<KafkaProducer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return {
    async send(topic: string, messages: readonly OutgoingMessage[]) {
      await producer.send({
        topic,
        acks: -1,
        messages: messages.map((m) => ({
          key: m.key,
          value: m.value,
          ...(m.headers ? { headers: m.headers } : {}),
          ...(m.partition === undefined ? {} : { partition: m.partition }),
          ...(m.timestamp === undefined ? {} : { timestamp: String(m.timestamp) }),
        })),
      });
    },
    async close() {
      await producer.disconnect();
    },
  };
}

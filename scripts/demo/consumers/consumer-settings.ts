/** Settings of the demo consumers, from the environment (brokers from LENS_KAFKA_BROKERS like everything else). */
import { hostname } from 'node:os';
import { Kafka, logLevel } from 'kafkajs';
import { z } from 'zod';
import { loadConfig } from '../../../server/config';

const settingsSchema = z.object({
  DEMO_CONSUMER_GROUP: z.string().regex(/^[A-Za-z0-9._-]{1,249}$/),
  DEMO_CONSUMER_TOPICS: z
    .string()
    .transform((s) => s.split(',').map((t) => t.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[A-Za-z0-9._-]{1,249}$/)).min(1)),
  /** keep the group membership after stopping, like a wedged pod, until SIGTERM */
  DEMO_CONSUMER_HOLD: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

export interface ConsumerSettings {
  groupId: string;
  topics: string[];
  hold: boolean;
  kafka: Kafka;
}

export function consumerSettings(defaults: { group: string; topics: string }): ConsumerSettings {
  const env = settingsSchema.parse({ DEMO_CONSUMER_GROUP: defaults.group, DEMO_CONSUMER_TOPICS: defaults.topics, ...definedDemoEnv() });
  const { brokers } = loadConfig().kafka;
  // like eventy, the client id is the host name
  const kafka = new Kafka({ clientId: hostname(), brokers, logLevel: logLevel.ERROR, retry: { retries: 8, initialRetryTime: 300 } });
  return { groupId: env.DEMO_CONSUMER_GROUP, topics: env.DEMO_CONSUMER_TOPICS, hold: env.DEMO_CONSUMER_HOLD, kafka };
}

function definedDemoEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith('DEMO_CONSUMER_') && (e[1] ?? '') !== ''));
}

/** The demo starts its consumers beside the traffic generator, which creates the shop's topics: wait for them. */
export async function waitForTopics(kafka: Kafka, topics: readonly string[], timeoutMs = 120_000): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((t) => !existing.has(t));
      if (missing.length === 0) return;
      if (Date.now() > deadline) throw new Error(`topics ${missing.join(', ')} do not exist`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } finally {
    await admin.disconnect();
  }
}

/** One JSON line on stdout per thing the consumer did; tests and the demo log read them. */
export function report(event: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), event, ...fields })}\n`);
}

/**
 * What both live-tail benches share: the bench record, a paced producer, the bare kafkajs consumer
 * baseline and the report lines. Times are wall-clock milliseconds (`wallNow`) so a browser on the
 * same machine can be compared with them.
 */
import type { LensConfig } from '../../server/config';
import type { KafkaProducer, OutgoingMessage } from '../../server/kafka';
import { createKafkajsClient } from '../../server/kafka/client';
import { encoded, testEvent } from '../../testing/eventy-records';
import { percentiles, type Latency } from './latency';

export const tailTargetP95Ms = 500;
export const tailSpacingMs = 20;
export const warmUpKey = 'warm-up';

/** Wall-clock ms with sub-ms resolution; `performance.timeOrigin + performance.now()` in a page is the same clock. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

export const say = (line: string): void => void process.stdout.write(`${line}\n`);

/** Keys `tail-0` … `tail-<total-1>`, in produce order. */
export const tailKeys = (total: number): string[] => Array.from({ length: total }, (_, i) => `tail-${i}`);

export function tailBenchMessage(key: string): OutgoingMessage {
  const record = testEvent({ partition_key: key, data: { order_id: key, lines: [{ sku: 'sku-1', qty: 2 }], total_cents: 4599 } });
  return { ...encoded(record), headers: { bench: 'tail' } };
}

export interface PacedSends {
  /** when `send` was called */
  calledAt: Map<string, number>;
  /** when the broker acknowledged the send */
  ackedAt: Map<string, number>;
}

/** Sends one record per key, one at a time, starting every `spacingMs` (or as soon as the previous send returned). */
export async function producePaced(producer: KafkaProducer, topic: string, keys: readonly string[], spacingMs = tailSpacingMs): Promise<PacedSends> {
  const sends: PacedSends = { calledAt: new Map(), ackedAt: new Map() };
  const began = performance.now();
  for (const [i, key] of keys.entries()) {
    const delay = began + i * spacingMs - performance.now();
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    sends.calledAt.set(key, wallNow());
    await producer.send(topic, [tailBenchMessage(key)]);
    sends.ackedAt.set(key, wallNow());
  }
  return sends;
}

export interface BareConsumer {
  /** key → wall time the record reached `eachMessage` */
  arrivedAt: Map<string, number>;
  stop(): Promise<void>;
}

/** The baseline: a plain kafkajs consumer of the topic from the beginning, waiting as long as the collector does per fetch. */
export async function startBareConsumer(kafka: LensConfig['kafka'], topic: string, groupId: string): Promise<BareConsumer> {
  const arrivedAt = new Map<string, number>();
  const consumer = createKafkajsClient(kafka, '-bench-bare').consumer({ groupId, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (message.key !== null) arrivedAt.set(message.key.toString(), wallNow());
      return Promise.resolve();
    },
  });
  return { arrivedAt, stop: () => consumer.disconnect() };
}

/** Latency of every sent key that arrived, in send order. */
export function latencies(sentAt: ReadonlyMap<string, number>, arrivedAt: ReadonlyMap<string, number>): number[] {
  return [...sentAt].flatMap(([key, sent]) => {
    const arrived = arrivedAt.get(key);
    return arrived === undefined ? [] : [arrived - sent];
  });
}

const ms = (value: number) => `${value.toFixed(1).padStart(7)} ms`;

export function latencyLine(label: string, total: number, times: readonly number[]): string {
  const p: Latency = percentiles([...times]);
  return `${label.padEnd(44)} ${String(p.samples).padStart(4)}/${total}  p50 ${ms(p.p50)}  p95 ${ms(p.p95)}  max ${ms(p.max)}`;
}

/** The ratio of the measured path to the baseline and the verdict against the target. */
export function verdictLines(total: number, measured: readonly number[], baseline: readonly number[], verdict: [met: string, missed: string]): string[] {
  const m = percentiles([...measured]);
  const b = percentiles([...baseline]);
  const met = m.samples === total && m.p95 <= tailTargetP95Ms;
  return [
    `over the baseline: p50 ×${(m.p50 / b.p50).toFixed(2)} (+${(m.p50 - b.p50).toFixed(1)} ms), p95 ×${(m.p95 / b.p95).toFixed(2)} (+${(m.p95 - b.p95).toFixed(1)} ms)`,
    `target: p95 ≤ ${tailTargetP95Ms} ms with every record delivered (${m.samples}/${total}) → ${met ? verdict[0] : verdict[1]}`,
  ];
}

import type { KafkaAccess, RecordTimestampRequest } from '../kafka';
import { computeLagSeconds } from './compute-partition-lag';
import type { ConsumerLag } from './contract';
import { sumGroup } from './fetch-consumer-lag';

const cacheLimit = 10_000;

export type LagSecondsFiller = (lag: ConsumerLag, asOfMs: number) => Promise<ConsumerLag>;

/**
 * Fills the lagSeconds our store could not answer (topics we do not collect, records retention removed from the
 * store) with timestamps read from Kafka, once per (topic, partition, offset): a stuck partition costs one read.
 */
export function createLagSecondsFiller(kafka: Pick<KafkaAccess, 'fetchRecordTimestamps'>, timeoutMs: number): LagSecondsFiller {
  const timestamps = new Map<string, number>();
  return async (lag, asOfMs) => {
    const unknown = lag.groups.flatMap((g) => g.partitions.filter((p) => p.lagRecords > 0 && p.lagSeconds === null));
    const requests = new Map<string, RecordTimestampRequest>();
    for (const p of unknown) {
      // position where the group resumes: the oldest record it has yet to consume
      const request = { topic: p.topic, partition: p.partition, offset: p.highWatermark - p.lagRecords };
      const id = `${request.topic}:${request.partition}:${request.offset}`;
      if (!timestamps.has(id)) requests.set(id, request);
    }
    if (requests.size > 0) {
      const read = await kafka.fetchRecordTimestamps([...requests.values()], timeoutMs);
      for (const [id, timestamp] of read) {
        if (timestamps.size >= cacheLimit) timestamps.delete(timestamps.keys().next().value as string);
        timestamps.set(id, timestamp);
      }
    }
    const groups = lag.groups.map((g) => {
      const partitions = g.partitions.map((p) => {
        if (p.lagRecords === 0 || p.lagSeconds !== null) return p;
        const timestamp = timestamps.get(`${p.topic}:${p.partition}:${p.highWatermark - p.lagRecords}`) ?? null;
        return { ...p, lagSeconds: computeLagSeconds(p.lagRecords, timestamp, asOfMs) };
      });
      return { ...g, ...sumGroup(partitions), partitions };
    });
    return { ...lag, groups };
  };
}

import type { KafkaAccess, RecordTimestampRequest } from '../kafka';
import { createLogger } from '../telemetry/logger';
import { computeLagSeconds } from './compute-partition-lag';
import type { ConsumerLag } from './contract';
import { sumGroup } from './fetch-consumer-lag';

const log = createLogger('lag-sampler');
const cacheLimit = 10_000;
const requestsPerRead = 200;

export interface LagSecondsFiller {
  /** the lag with every age it knows filled in; asks Kafka in the background for the ones it does not */
  fill(lag: ConsumerLag, asOfMs: number): ConsumerLag;
  /** resolves when the background read under way, if any, has finished */
  settled(): Promise<void>;
}

/**
 * Fills the lagSeconds our store could not answer (topics we do not collect, records retention removed from the
 * store) with timestamps read from Kafka, once per (topic, partition, offset): a stuck partition costs one read.
 * Reads run one at a time beside the sampling, so a slow or failing read never delays a tick; what they find shows
 * from the next tick on, and what they miss is asked again after `retryMs`.
 */
export function createLagSecondsFiller(kafka: Pick<KafkaAccess, 'fetchRecordTimestamps'>, timeoutMs: number, retryMs = 60_000): LagSecondsFiller {
  const timestamps = new Map<string, number>();
  const missedAt = new Map<string, number>();
  let reading: Promise<void> | null = null;

  function read(requests: Map<string, RecordTimestampRequest>, asOfMs: number): void {
    reading = kafka
      .fetchRecordTimestamps([...requests.values()], timeoutMs)
      .then(
        (found) => {
          for (const [id, timestamp] of found) {
            if (timestamps.size >= cacheLimit) timestamps.delete(timestamps.keys().next().value as string);
            timestamps.set(id, timestamp);
          }
          for (const id of requests.keys()) if (!found.has(id)) missedAt.set(id, asOfMs);
        },
        (error: unknown) => {
          log.warn('could not read record timestamps from Kafka', { error, records: requests.size });
          for (const id of requests.keys()) missedAt.set(id, asOfMs);
        },
      )
      .finally(() => {
        reading = null;
      });
  }

  return {
    fill(lag, asOfMs) {
      const requests = new Map<string, RecordTimestampRequest>();
      const groups = lag.groups.map((g) => {
        const partitions = g.partitions.map((p) => {
          if (p.lagRecords === 0 || p.lagSeconds !== null) return p;
          // where the group resumes: the oldest record it has yet to consume
          const request = { topic: p.topic, partition: p.partition, offset: p.highWatermark - p.lagRecords };
          const id = `${request.topic}:${request.partition}:${request.offset}`;
          const timestamp = timestamps.get(id);
          if (timestamp !== undefined) return { ...p, lagSeconds: computeLagSeconds(p.lagRecords, timestamp, asOfMs) };
          const missed = missedAt.get(id);
          if (requests.size < requestsPerRead && (missed === undefined || asOfMs - missed >= retryMs)) requests.set(id, request);
          return p;
        });
        return { ...g, ...sumGroup(partitions), partitions };
      });
      if (reading === null && requests.size > 0) read(requests, asOfMs);
      if (missedAt.size > cacheLimit) missedAt.clear();
      return { ...lag, groups };
    },
    settled: () => reading ?? Promise.resolve(),
  };
}

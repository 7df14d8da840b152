import { decodeEventyValue } from '../decode';
import type { BatchConsumer, KafkaAccess, KafkaAdmin, KafkaBatch } from '../kafka';
import type { IngestedRecord, RecordStore } from '../store/contract';
import { createLogger } from '../telemetry/logger';
import { deriveCollectorState } from './collector-state';
import type { CollectorStatus, PartitionPosition, RecordsListener } from './contract';
import { toRecordViews } from './record-views';

const log = createLogger('collector');

export interface CollectorOptions {
  kafka: KafkaAccess;
  store: RecordStore;
  groupId: string;
  topicPattern: RegExp;
  topicRefreshMs: number;
  /** partition batches stored at once; the store's `concurrentBatches` by default */
  concurrency?: number;
  enabled?: boolean;
}

export interface Collector {
  start(): void;
  stop(): Promise<void>;
  status(): CollectorStatus;
  /** live feed of stored records (for the live tail); returns the unsubscribe function */
  onRecords(listener: RecordsListener): () => void;
}

/**
 * Tails every topic matching the pattern with a consumer group of its own, stores each batch
 * and lets the consumer commit only after the store made the batch durable.
 */
export function createCollector(options: CollectorOptions): Collector {
  const { kafka, store, groupId, topicPattern, topicRefreshMs } = options;
  const enabled = options.enabled ?? true;
  const listeners = new Set<RecordsListener>();
  const positions = new Map<string, PartitionPosition>();
  let subscribed: string[] = [];
  let consumer: BatchConsumer | null = null;
  let consumerRunning = false;
  let admin: KafkaAdmin | null = null;
  let brokerUnreachable = false;
  let topicsListed = false;
  // monotonic clock for freshness: a wall-clock step must not make a live consumer look stale
  let lastFetchAt: number | null = null;
  let lastFetchWallTime: Date | null = null;
  let lastCrashAt: number | null = null;
  let lastError: string | null = null;
  let storeFailing = false;
  let recordsIngested = 0;
  let stopped = false;
  let wake: (() => void) | null = null;
  let loop: Promise<void> | null = null;

  async function storeBatch(batch: KafkaBatch): Promise<void> {
    const records: IngestedRecord[] = batch.messages.map((message) => ({ message, decoded: decodeEventyValue(message.value) }));
    if (records.length > 0) {
      try {
        await store.insertBatch(records);
      } catch (error) {
        // not committed: Kafka hands the batch over again until the store takes it
        if (!storeFailing) log.warn('the store refused a batch; it is retried until the store is back', { topic: batch.topic, partition: batch.partition, error });
        storeFailing = true;
        lastError = `the store refused a batch of ${batch.topic}:${batch.partition}: ${(error as Error).message}`;
        throw error;
      }
      if (storeFailing) log.info('the store takes batches again', { topic: batch.topic, partition: batch.partition });
      storeFailing = false;
    }
    recordsIngested += records.length;
    positions.set(`${batch.topic}:${batch.partition}`, {
      topic: batch.topic,
      partition: batch.partition,
      storedUpTo: batch.nextOffset,
      highWatermark: batch.highWatermark,
      lag: Math.max(batch.highWatermark - batch.nextOffset, 0),
      lastBatchAt: new Date().toISOString(),
    });
    if (listeners.size > 0 && records.length > 0) {
      const views = toRecordViews(records);
      for (const listener of listeners) listener(views);
    }
  }

  async function subscribe(topics: string[]): Promise<void> {
    if (consumer) {
      log.info('topic set changed, re-subscribing', { topics });
      await consumer.stop().catch((error: unknown) => log.warn('consumer stop failed', { error }));
    }
    subscribed = topics;
    consumerRunning = false;
    consumer = null;
    if (topics.length === 0) return;
    const next = kafka.createBatchConsumer({
      groupId,
      topics,
      fromBeginning: true,
      onBatch: storeBatch,
      concurrentPartitions: options.concurrency ?? store.concurrentBatches,
      onEvent: (event) => {
        if (event.type === 'fetched') {
          lastFetchAt = performance.now();
          lastFetchWallTime = new Date();
        }
        if (event.type === 'crashed') {
          lastCrashAt = performance.now();
          lastError = event.error.message;
          log.warn('consumer crashed', { error: event.error, willRestart: event.willRestart });
          if (!event.willRestart) consumerRunning = false;
        }
      },
    });
    consumer = next;
    await next.start();
    consumerRunning = true;
  }

  async function listMatchingTopics(): Promise<string[]> {
    admin ??= await kafka.connectAdmin();
    const topics = await admin.listTopics();
    return topics.filter((t) => topicPattern.test(t)).sort();
  }

  async function refresh(): Promise<void> {
    try {
      const topics = await listMatchingTopics();
      brokerUnreachable = false;
      topicsListed = true;
      const changed = topics.join('\n') !== subscribed.join('\n');
      if (changed || (!consumerRunning && topics.length > 0)) await subscribe(topics);
    } catch (error) {
      brokerUnreachable = true;
      lastError = (error as Error).message;
      log.warn('cannot reach Kafka', { error });
      await admin?.close().catch(() => undefined);
      admin = null;
    }
  }

  async function superviseUntilStopped(): Promise<void> {
    while (!stopped) {
      await refresh();
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, brokerUnreachable ? Math.min(topicRefreshMs, 2_000) : topicRefreshMs).unref();
      });
    }
  }

  return {
    start() {
      if (!enabled || loop) return;
      log.info('collector starting', { groupId, topicPattern: topicPattern.source });
      loop = superviseUntilStopped();
    },
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      await consumer?.stop().catch(() => undefined);
      await admin?.close().catch(() => undefined);
      consumerRunning = false;
    },
    status() {
      const state = deriveCollectorState({
        stopped,
        enabled,
        brokerUnreachable,
        topicsListed,
        subscribedTopics: subscribed.length,
        consumerRunning,
        lastFetchAt,
        lastCrashAt,
        storeFailing,
        now: performance.now(),
      });
      return {
        state,
        groupId,
        topicPattern: topicPattern.source,
        topics: subscribed,
        lastError,
        lastFetchAt: lastFetchWallTime?.toISOString() ?? null,
        recordsIngested,
        partitions: [...positions.values()].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition),
      };
    },
    onRecords(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

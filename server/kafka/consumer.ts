import type { Batch, Kafka, KafkaMessage } from 'kafkajs';
import type { BatchConsumer, BatchConsumerOptions, ConsumedMessage, ConsumerLifecycleEvent } from './contract';
import { headersFromKafkajs } from './headers';

export function toConsumedMessage(topic: string, partition: number, m: KafkaMessage): ConsumedMessage {
  return {
    topic,
    partition,
    offset: Number(m.offset),
    timestamp: Number(m.timestamp),
    key: m.key,
    value: m.value,
    headers: headersFromKafkajs(m.headers),
  };
}

function nextOffsetOf(batch: Batch): number {
  return Number(batch.lastOffset()) + 1;
}

/** A group consumer that hands whole partition batches over and commits only after the handler resolved. */
export function createBatchConsumer(kafka: Kafka, options: BatchConsumerOptions): BatchConsumer {
  const consumer = kafka.consumer({
    groupId: options.groupId,
    // a collector killed without leaving the group holds its partitions until this expires
    sessionTimeout: 10_000,
    heartbeatInterval: 3_000,
    maxWaitTimeInMs: 500,
    maxBytesPerPartition: 4 * 1024 * 1024,
    readUncommitted: false,
    // kafkajs asks the broker to create a missing topic by default: a topic deleted under us would come back
    allowAutoTopicCreation: false,
    retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 10_000, restartOnFailure: () => Promise.resolve(true) },
  });
  const emit = (event: ConsumerLifecycleEvent) => options.onEvent?.(event);
  consumer.on(consumer.events.CONNECT, () => emit({ type: 'connected' }));
  consumer.on(consumer.events.FETCH, () => emit({ type: 'fetched' }));
  consumer.on(consumer.events.GROUP_JOIN, (e) => emit({ type: 'assigned', assignment: e.payload.memberAssignment }));
  consumer.on(consumer.events.CRASH, (e) => emit({ type: 'crashed', error: e.payload.error, willRestart: e.payload.restart }));
  consumer.on(consumer.events.DISCONNECT, () => emit({ type: 'disconnected' }));
  consumer.on(consumer.events.REQUEST_TIMEOUT, () => emit({ type: 'request-timeout' }));

  return {
    async start() {
      await consumer.connect();
      await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.concurrentPartitions ?? 1,
        eachBatch: async (payload) => {
          const { batch } = payload;
          if (!payload.isRunning() || payload.isStale()) return;
          const { topic, partition } = batch;
          const nextOffset = nextOffsetOf(batch);
          await options.onBatch({
            topic,
            partition,
            highWatermark: Number(batch.highWatermark),
            nextOffset,
            messages: batch.messages.map((m) => toConsumedMessage(topic, partition, m)),
          });
          payload.resolveOffset(batch.lastOffset());
          await consumer.commitOffsets([{ topic, partition, offset: String(nextOffset) }]);
          await payload.heartbeat();
        },
      });
    },
    async stop() {
      await consumer.disconnect();
    },
  };
}

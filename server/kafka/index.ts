import type { LensConfig } from '../config';
import { connectAdmin } from './admin';
import { createKafkajsClient } from './client';
import { createBatchConsumer } from './consumer';
import type { BatchConsumer, BatchConsumerOptions, ConsumedMessage, KafkaAdmin, KafkaProducer, KafkaRecordWriter, PartitionRangeRequest, RecordTimestampRequest, RecordTimestamps } from './contract';
import { fetchRecordTimestamps } from './fetch-record-at';
import { connectProducer } from './producer';
import { connectRecordWriter } from './record-writer';
import { readPartitionRange } from './read-partition';

export type * from './contract';
export { isPeekGroup } from './contract';
export { probeBroker, type BrokerProbeResult } from './broker-probe';
export { kafkaKeyText } from './headers';
export { closeSharedAdmin, withSharedAdmin } from './shared-admin';

/** The one way into Kafka: every consumer, producer and admin comes from here. */
export interface KafkaAccess {
  createBatchConsumer(options: BatchConsumerOptions): BatchConsumer;
  connectProducer(): Promise<KafkaProducer>;
  connectAdmin(): Promise<KafkaAdmin>;
  /** timestamps of single records by offset, read by a short-lived consumer that gives up after `timeoutMs` */
  fetchRecordTimestamps(requests: readonly RecordTimestampRequest[], timeoutMs: number): Promise<RecordTimestamps>;
  /** the records of one offset range of one partition, bytes as stored; throws when not read within `timeoutMs` */
  readPartitionRange(request: PartitionRangeRequest, timeoutMs: number, stopWhen?: (message: ConsumedMessage) => boolean): Promise<ConsumedMessage[]>;
  /** the producer of requeue and replay: explicit partitions, offsets answered, no topic creation */
  connectRecordWriter(): Promise<KafkaRecordWriter>;
}

export function createKafkaAccess(config: LensConfig['kafka'], clientIdSuffix = ''): KafkaAccess {
  const kafka = createKafkajsClient(config, clientIdSuffix);
  return {
    createBatchConsumer: (options) => createBatchConsumer(kafka, options),
    connectProducer: () => connectProducer(kafka),
    connectAdmin: () => connectAdmin(kafka),
    fetchRecordTimestamps: (requests, timeoutMs) => fetchRecordTimestamps(kafka, requests, timeoutMs),
    connectRecordWriter: () => connectRecordWriter(kafka),
    readPartitionRange: (request, timeoutMs, stopWhen) => readPartitionRange(kafka, request, timeoutMs, stopWhen),
  };
}
export { answerWithin } from './answer-within';

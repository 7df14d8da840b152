import type { LensConfig } from '../config';
import { connectAdmin } from './admin';
import { createKafkajsClient } from './client';
import { createBatchConsumer } from './consumer';
import type { BatchConsumer, BatchConsumerOptions, KafkaAdmin, KafkaProducer, RecordTimestampRequest, RecordTimestamps } from './contract';
import { fetchRecordTimestamps } from './fetch-record-at';
import { connectProducer } from './producer';

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
}

export function createKafkaAccess(config: LensConfig['kafka'], clientIdSuffix = ''): KafkaAccess {
  const kafka = createKafkajsClient(config, clientIdSuffix);
  return {
    createBatchConsumer: (options) => createBatchConsumer(kafka, options),
    connectProducer: () => connectProducer(kafka),
    connectAdmin: () => connectAdmin(kafka),
    fetchRecordTimestamps: (requests, timeoutMs) => fetchRecordTimestamps(kafka, requests, timeoutMs),
  };
}
export { answerWithin } from './answer-within';

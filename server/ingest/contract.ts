import type { RecordView } from '../store/contract';

export const collectorStates = ['starting', 'waiting-for-topics', 'connected', 'reconnecting', 'broker-down', 'store-down', 'stopped', 'disabled'] as const;
export type CollectorState = (typeof collectorStates)[number];

export interface PartitionPosition {
  topic: string;
  partition: number;
  /** next offset to store (everything below is durable) */
  storedUpTo: number;
  highWatermark: number;
  lag: number;
  lastBatchAt: string;
}

export interface CollectorStatus {
  state: CollectorState;
  groupId: string;
  topicPattern: string;
  topics: string[];
  lastError: string | null;
  lastFetchAt: string | null;
  recordsIngested: number;
  partitions: PartitionPosition[];
}

export type RecordsListener = (records: readonly RecordView[]) => void;

/** The small surface through which Eventy Lens talks to Kafka (kafkajs today). */

export interface KafkaHeader {
  key: string;
  /** UTF-8 text, or base64 when the bytes are not valid UTF-8 */
  value: string;
  encoding: 'utf8' | 'base64';
}

export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: number;
  /** Kafka timestamp, epoch ms */
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: KafkaHeader[];
}

export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  /** the next offset to read (Kafka's committed-offset convention) */
  offset: number;
}

export interface KafkaBatch {
  topic: string;
  partition: number;
  highWatermark: number;
  /** offset after the last message of the batch, control records included: what to commit */
  nextOffset: number;
  messages: ConsumedMessage[];
}

export type ConsumerLifecycleEvent =
  | { type: 'connected' }
  | { type: 'fetched' }
  | { type: 'assigned'; assignment: Record<string, number[]> }
  | { type: 'crashed'; error: Error; willRestart: boolean }
  | { type: 'disconnected' }
  | { type: 'request-timeout' };

export interface BatchConsumerOptions {
  groupId: string;
  topics: string[];
  fromBeginning: boolean;
  /** called once per partition batch; the offsets are committed after it resolves */
  onBatch(batch: KafkaBatch): Promise<void>;
  /** batches of this many partitions handled at once (never two of one partition); 1 by default */
  concurrentPartitions?: number;
  onEvent?(event: ConsumerLifecycleEvent): void;
}

export interface BatchConsumer {
  /** connects, joins the group and starts fetching; resolves once running */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface OutgoingMessage {
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, string | Buffer>;
  partition?: number;
  /** epoch ms */
  timestamp?: number;
}

export interface KafkaProducer {
  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}

/** One record for KafkaRecordWriter: the partition is chosen by the caller, headers keep repeated keys and order. */
export interface WriteRecord {
  key: Buffer | null;
  value: Buffer | null;
  partition: number;
  headers: { key: string; value: Buffer }[];
}

export interface WrittenRecord {
  topic: string;
  partition: number;
  offset: number;
}

/** Writes records where it is told and says where each landed; never creates a topic. */
export interface KafkaRecordWriter {
  /** resolves once the broker acknowledged every record (acks=all), with each record's offset in input order */
  write(topic: string, records: readonly WriteRecord[]): Promise<WrittenRecord[]>;
  close(): Promise<void>;
}

export interface PartitionOffsets {
  partition: number;
  /** log start offset */
  low: number;
  /** high watermark */
  high: number;
}

export interface CommittedOffset {
  topic: string;
  partition: number;
  /** null when the group never committed on this partition */
  offset: number | null;
}

export interface GroupOverview {
  groupId: string;
  /** 'consumer' for consumer groups; '' for groups that only hold offsets committed through the admin API */
  protocolType: string;
}

export interface GroupMember {
  memberId: string;
  clientId: string;
  host: string;
  /** partitions assigned to this member, per topic (empty while the group rebalances) */
  assignment: { topic: string; partitions: number[] }[];
}

export interface GroupDescription {
  groupId: string;
  /** Kafka's group state: Stable, Empty, PreparingRebalance, CompletingRebalance, Dead, Unknown */
  state: string;
  protocolType: string;
  members: GroupMember[];
}

export interface KafkaAdmin {
  listTopics(): Promise<string[]>;
  createTopic(topic: string, numPartitions: number): Promise<void>;
  fetchTopicOffsets(topic: string): Promise<PartitionOffsets[]>;
  fetchCommittedOffsets(groupId: string, topics: string[]): Promise<CommittedOffset[]>;
  /** committed offsets on every topic the group ever committed on, in one request */
  fetchAllCommittedOffsets(groupId: string): Promise<TopicPartitionOffset[]>;
  listGroups(): Promise<GroupOverview[]>;
  /** one request per group coordinator for all the given groups */
  describeGroups(groupIds: string[]): Promise<GroupDescription[]>;
  /** only for groups without active members, as Kafka refuses otherwise */
  commitGroupOffsets(groupId: string, offsets: readonly TopicPartitionOffset[]): Promise<void>;
  deleteGroups(groupIds: string[]): Promise<void>;
  /** moves each partition's log start offset up to `offset`, as retention would */
  deleteRecordsBefore(topic: string, offsets: readonly { partition: number; offset: number }[]): Promise<void>;
  deleteTopics(topics: string[]): Promise<void>;
  close(): Promise<void>;
}

/** Ask for the record at `offset`: the first one at or after it, as deleted or compacted offsets hold none. */
export interface RecordTimestampRequest {
  topic: string;
  partition: number;
  offset: number;
}

/** Records of one partition with `fromOffset ≤ offset < untilOffset`; `untilOffset` at most the high watermark. */
export interface PartitionRangeRequest {
  topic: string;
  partition: number;
  fromOffset: number;
  untilOffset: number;
}

/** Kafka timestamps (epoch ms) by `topic:partition:offset` of the request; missing when not read in time. */
export type RecordTimestamps = Map<string, number>;

/** Consumer groups Eventy Lens creates only to read a few records; lag views leave them out. */
export const peekGroupPrefix = '__eventy-lens-peek-';

export function isPeekGroup(groupId: string): boolean {
  return groupId.startsWith(peekGroupPrefix);
}

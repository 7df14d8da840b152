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

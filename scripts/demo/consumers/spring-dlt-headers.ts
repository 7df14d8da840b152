/**
 * Spring Kafka's dead-letter headers (DeadLetterPublishingRecoverer): text as UTF-8, the original partition as a
 * 4-byte big-endian int, offset and timestamp as 8-byte big-endian longs (Java's ByteBuffer putInt / putLong).
 */
export const springDltHeaderNames = {
  originalTopic: 'kafka_dlt-original-topic',
  originalPartition: 'kafka_dlt-original-partition',
  originalOffset: 'kafka_dlt-original-offset',
  originalTimestamp: 'kafka_dlt-original-timestamp',
  originalTimestampType: 'kafka_dlt-original-timestamp-type',
  originalConsumerGroup: 'kafka_dlt-original-consumer-group',
  exceptionFqcn: 'kafka_dlt-exception-fqcn',
  exceptionCauseFqcn: 'kafka_dlt-exception-cause-fqcn',
  exceptionMessage: 'kafka_dlt-exception-message',
  exceptionStacktrace: 'kafka_dlt-exception-stacktrace',
} as const;

/** Spring's default dead-letter topic: `<topic>.DLT`, same partition as the original. */
export const springDltSuffix = '.DLT';

export interface FailedRecord {
  topic: string;
  partition: number;
  offset: number;
  /** Kafka timestamp, epoch ms */
  timestamp: number;
}

export interface RecordFailure {
  /** the Java class name Spring would write, e.g. org.springframework.kafka.listener.ListenerExecutionFailedException */
  exceptionClass: string;
  causeClass: string;
  message: string;
}

/** Java's ByteBuffer.putInt: 4 bytes, big-endian. */
export function int32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(value);
  return b;
}

/** Java's ByteBuffer.putLong: 8 bytes, big-endian. */
export function int64(value: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(value));
  return b;
}

/** The headers Spring adds to a dead-lettered record (the original's own headers come first, unchanged). */
export function springDltHeaders(record: FailedRecord, groupId: string, failure: RecordFailure): Record<string, Buffer> {
  const n = springDltHeaderNames;
  return {
    [n.originalTopic]: Buffer.from(record.topic, 'utf8'),
    [n.originalPartition]: int32(record.partition),
    [n.originalOffset]: int64(record.offset),
    [n.originalTimestamp]: int64(record.timestamp),
    [n.originalTimestampType]: Buffer.from('CreateTime', 'utf8'),
    [n.originalConsumerGroup]: Buffer.from(groupId, 'utf8'),
    [n.exceptionFqcn]: Buffer.from(failure.exceptionClass, 'utf8'),
    [n.exceptionCauseFqcn]: Buffer.from(failure.causeClass, 'utf8'),
    [n.exceptionMessage]: Buffer.from(failure.message, 'utf8'),
    [n.exceptionStacktrace]: Buffer.from(`${failure.exceptionClass}: ${failure.message}\n\tat demo.FraudCheckListener.onRecord(FraudCheckListener.java:42)\n`, 'utf8'),
  };
}

/** Reads the provenance back from Spring's headers (for tests and tools): null where a header is absent or malformed. */
export function readSpringDltHeaders(headers: Record<string, Buffer | undefined>): FailedRecord & { groupId: string | null; exceptionClass: string | null; message: string | null } {
  const n = springDltHeaderNames;
  const text = (key: string) => headers[key]?.toString('utf8') ?? null;
  const partition = headers[n.originalPartition];
  const offset = headers[n.originalOffset];
  const timestamp = headers[n.originalTimestamp];
  return {
    topic: text(n.originalTopic) ?? '',
    partition: partition?.length === 4 ? partition.readInt32BE() : -1,
    offset: offset?.length === 8 ? Number(offset.readBigInt64BE()) : -1,
    timestamp: timestamp?.length === 8 ? Number(timestamp.readBigInt64BE()) : -1,
    groupId: text(n.originalConsumerGroup),
    exceptionClass: text(n.exceptionFqcn),
    message: text(n.exceptionMessage),
  };
}

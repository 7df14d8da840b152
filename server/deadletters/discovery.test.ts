import { describe, expect, it } from 'vitest';
import type { KafkaHeader } from '../kafka/contract';
import type { RecordView } from '../store/contract';
import type { DeadLetterTopicsConfig } from './contract';
import { failedAgainCount, isDeadLetterTopic, originalTopicOf, parseProvenance } from './discovery';

const config: DeadLetterTopicsConfig = {
  pattern: /[._-](?:dlq|dlt)$|^(?:dead-?letters?|dlq|dlt)(?:[._-]|$)/i,
  originalTopics: { 'dead-letters': 'payments-events' },
};

/** A header as the collector stores it: UTF-8 text when the bytes are valid UTF-8, else base64. */
function stored(key: string, bytes: Buffer): KafkaHeader {
  const text = new TextDecoder('utf-8', { fatal: true });
  try {
    return { key, value: text.decode(bytes), encoding: 'utf8' };
  } catch {
    return { key, value: bytes.toString('base64'), encoding: 'base64' };
  }
}
const utf8 = (key: string, value: string): KafkaHeader => ({ key, value, encoding: 'utf8' });
const int32 = (key: string, value: number) => stored(key, Buffer.from([value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255]));
function int64(key: string, value: number): KafkaHeader {
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64BE(BigInt(value));
  return stored(key, bytes);
}

function deadLetter(topic: string, headers: KafkaHeader[]): RecordView {
  return {
    id: `${topic}:0:5`,
    topic,
    partition: 0,
    offset: 5,
    timestamp: '2026-11-23T10:00:00.000Z',
    key: 'order-1',
    headers,
    kind: 'event',
    format: 'json',
    legacy: false,
    size: 10,
  };
}

describe('parseProvenance', () => {
  it('reads Spring Kafka headers: binary partition, offset and timestamp, the cause class under the listener wrapper', () => {
    const provenance = parseProvenance(
      deadLetter('orders-events.DLT', [
        utf8('kafka_dlt-original-topic', 'orders-events'),
        int32('kafka_dlt-original-partition', 0),
        int64('kafka_dlt-original-offset', 300),
        int64('kafka_dlt-original-timestamp', Date.parse('2026-11-23T09:59:58.500Z')),
        utf8('kafka_dlt-original-timestamp-type', 'CreateTime'),
        utf8('kafka_dlt-original-consumer-group', 'billing'),
        utf8('kafka_dlt-exception-fqcn', 'org.springframework.kafka.listener.ListenerExecutionFailedException'),
        utf8('kafka_dlt-exception-cause-fqcn', 'java.lang.IllegalStateException'),
        utf8('kafka_dlt-exception-message', 'Listener failed; order 17 not found'),
      ]),
      config,
    );
    expect(provenance).toEqual({
      convention: 'spring',
      originalTopic: 'orders-events',
      originalPartition: 0,
      originalOffset: 300,
      originalTimestamp: '2026-11-23T09:59:58.500Z',
      errorClass: 'java.lang.IllegalStateException',
      errorMessage: 'Listener failed; order 17 not found',
      failedAt: '2026-11-23T10:00:00.000Z',
      consumerGroup: 'billing',
    });
  });

  it('reads a Spring partition stored as base64 (bytes that are not UTF-8) and keeps an unwrapped exception class', () => {
    const partition = int32('kafka_dlt-original-partition', 200);
    expect(partition.encoding).toBe('base64');
    const provenance = parseProvenance(
      deadLetter('orders-events.DLT', [
        utf8('kafka_dlt-original-topic', 'orders-events'),
        partition,
        utf8('kafka_dlt-exception-fqcn', 'com.acme.Boom'),
        utf8('kafka_dlt-exception-cause-fqcn', 'java.io.IOException'),
      ]),
      config,
    );
    expect(provenance.originalPartition).toBe(200);
    expect(provenance.errorClass).toBe('com.acme.Boom');
    expect(provenance.originalOffset).toBeNull();
  });

  it('takes the last of repeated Spring headers (a record that failed twice)', () => {
    const provenance = parseProvenance(
      deadLetter('orders-dlt', [utf8('kafka_dlt-exception-message', 'first'), utf8('kafka_dlt-exception-message', 'second')]),
      config,
    );
    expect(provenance.errorMessage).toBe('second');
    expect(provenance.originalTopic).toBe('orders');
  });

  it('reads Kafka Connect headers, numbers as decimal text', () => {
    const provenance = parseProvenance(
      deadLetter('dlq-jdbc-sink', [
        utf8('__connect.errors.topic', 'orders-events'),
        utf8('__connect.errors.partition', '2'),
        utf8('__connect.errors.offset', '1234'),
        utf8('__connect.errors.connector.name', 'jdbc-sink'),
        utf8('__connect.errors.stage', 'VALUE_CONVERTER'),
        utf8('__connect.errors.exception.class.name', 'org.apache.kafka.connect.errors.DataException'),
        utf8('__connect.errors.exception.message', 'Converting byte[] to Kafka Connect data failed'),
      ]),
      config,
    );
    expect(provenance).toEqual({
      convention: 'connect',
      originalTopic: 'orders-events',
      originalPartition: 2,
      originalOffset: 1234,
      originalTimestamp: null,
      errorClass: 'org.apache.kafka.connect.errors.DataException',
      errorMessage: 'Converting byte[] to Kafka Connect data failed',
      failedAt: '2026-11-23T10:00:00.000Z',
      consumerGroup: 'connect-jdbc-sink',
    });
  });

  it('reads our own headers, with the failure time they carry', () => {
    const provenance = parseProvenance(
      deadLetter('orders-events.dlq', [
        utf8('eventy-lens-original-topic', 'orders-events'),
        utf8('eventy-lens-original-partition', '1'),
        utf8('eventy-lens-original-offset', '41'),
        utf8('eventy-lens-original-timestamp', String(Date.parse('2026-11-23T08:00:00.000Z'))),
        utf8('eventy-lens-error-class', 'stuck-partition'),
        utf8('eventy-lens-error-message', 'billing stopped at offset 41'),
        utf8('eventy-lens-failed-at', '2026-11-23T09:00:00.000Z'),
        utf8('eventy-lens-consumer-group', 'billing'),
        utf8('eventy-lens-parked-by', 'alice'),
      ]),
      config,
    );
    expect(provenance).toEqual({
      convention: 'eventy-lens',
      originalTopic: 'orders-events',
      originalPartition: 1,
      originalOffset: 41,
      originalTimestamp: '2026-11-23T08:00:00.000Z',
      errorClass: 'stuck-partition',
      errorMessage: 'billing stopped at offset 41',
      failedAt: '2026-11-23T09:00:00.000Z',
      consumerGroup: 'billing',
    });
  });

  it('treats a record with none of the conventions as plain: original topic from the config or the name', () => {
    const configured = parseProvenance(deadLetter('dead-letters', [utf8('traceparent', '00-abc')]), config);
    expect(configured).toEqual({
      convention: 'plain',
      originalTopic: 'payments-events',
      originalPartition: null,
      originalOffset: null,
      originalTimestamp: null,
      errorClass: null,
      errorMessage: null,
      failedAt: '2026-11-23T10:00:00.000Z',
      consumerGroup: null,
    });
    expect(parseProvenance(deadLetter('orders-events.dlq', []), config).originalTopic).toBe('orders-events');
  });

  it('does not take requeue headers alone for our failure convention', () => {
    const provenance = parseProvenance(
      deadLetter('orders.dlq', [utf8('eventy-lens-requeue-count', '2'), utf8('eventy-lens-requeued-from', 'orders.dlq:0:1'), utf8('kafka_dlt-exception-message', 'again')]),
      config,
    );
    expect(provenance.convention).toBe('spring');
    expect(provenance.errorMessage).toBe('again');
  });

  it('keeps unreadable values as null instead of failing', () => {
    const provenance = parseProvenance(
      deadLetter('orders.dlq', [utf8('kafka_dlt-original-partition', 'x'), utf8('kafka_dlt-original-topic', ''), utf8('eventy-lens-failed-at', 'yesterday')]),
      config,
    );
    expect(provenance.convention).toBe('eventy-lens');
    expect(provenance.failedAt).toBe('2026-11-23T10:00:00.000Z');
    expect(provenance.originalPartition).toBeNull();
  });
});

describe('isDeadLetterTopic', () => {
  it('tests the pattern, also a global one, answering the same for the same name', () => {
    const global: DeadLetterTopicsConfig = { pattern: /\.dlq$/g, originalTopics: {} };
    expect([isDeadLetterTopic('a.dlq', global), isDeadLetterTopic('a.dlq', global), isDeadLetterTopic('b.dlq', global)]).toEqual([true, true, true]);
    expect(isDeadLetterTopic('orders-events', config)).toBe(false);
    expect(isDeadLetterTopic('orders-events.DLT', config)).toBe(true);
  });
});

describe('originalTopicOf', () => {
  it.each([
    ['orders-events.dlq', 'orders-events'],
    ['orders-events-DLT', 'orders-events'],
    ['orders_dlq', 'orders'],
    ['dlq.orders', 'orders'],
    ['dead-letters.orders', 'orders'],
    ['dead-letters', 'payments-events'],
    ['dlq', null],
    ['failed', null],
  ])('%s → %s', (dlqTopic, original) => {
    expect(originalTopicOf(dlqTopic, config)).toBe(original);
  });

  it('prefers the configured original topic', () => {
    expect(originalTopicOf('orders.dlq', { originalTopics: { 'orders.dlq': 'orders-v2' } })).toBe('orders-v2');
    expect(originalTopicOf('constructor', { originalTopics: {} })).toBeNull();
  });
});

describe('failedAgainCount', () => {
  it('reads eventy-lens-requeue-count, 0 when absent or unreadable', () => {
    expect(failedAgainCount([utf8('eventy-lens-requeue-count', '3')])).toBe(3);
    expect(failedAgainCount([])).toBe(0);
    expect(failedAgainCount([utf8('eventy-lens-requeue-count', 'many')])).toBe(0);
  });
});

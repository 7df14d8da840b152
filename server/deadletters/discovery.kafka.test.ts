import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeLensRuntime, createLensRuntime, type LensRuntime } from '../runtime/create-runtime';
import { deadLetterQuerySchema } from '../store/contract';
import { encoded, testEvent } from '../../testing/eventy-records';
import { createTopics, produce, testConfig, testKafka, uniquePrefix, waitFor } from '../../testing/kafka-fixtures';
import { int32, int64 } from '../../scripts/demo/consumers/spring-dlt-headers';

const prefix = uniquePrefix('dlq-discovery');
const original = `${prefix}orders-events`;
const springDlq = `${original}.DLT`;
const connectDlq = `${prefix}dlq-jdbc-sink`;
const plainDlq = `${prefix}failed-payments`;
const config = testConfig({
  LENS_TOPICS: `^${prefix}`,
  LENS_GROUP_ID: `${prefix}lens`,
  LENS_TOPIC_REFRESH_MS: '1000',
  // suffixes in any case (a regular expression modifier) plus custom names, and where one of them gets its records from
  LENS_DLQ_TOPICS: `[._-](?i:dlq|dlt)$|^${prefix}(?:dlq-|failed-)`,
  LENS_DLQ_ORIGINAL_TOPICS: `${plainDlq}=${prefix}payments-events`,
});
const kafka = testKafka();

let runtime: LensRuntime;

beforeAll(async () => {
  await createTopics(kafka, [original, springDlq, connectDlq, plainDlq], 1);
  const failures = [0, 1, 2].map((n) => ({
    ...encoded(testEvent({ data: { order: n } })),
    headers: {
      'kafka_dlt-original-topic': original,
      // partition 0 is 4 zero bytes: valid UTF-8, so the collector stores it as text
      'kafka_dlt-original-partition': int32(n === 2 ? 300 : 0),
      'kafka_dlt-original-offset': int64(5000 + n),
      'kafka_dlt-original-timestamp': int64(Date.parse('2026-11-23T10:00:00.000Z')),
      'kafka_dlt-exception-fqcn': 'com.acme.OrderNotFound',
      'kafka_dlt-exception-message': `Order ${4000 + n * 17} not found`,
    },
  }));
  await produce(kafka, springDlq, failures);
  await produce(kafka, connectDlq, [
    {
      key: 'row-1',
      value: Buffer.from('{"id": 1}'),
      headers: {
        '__connect.errors.topic': original,
        '__connect.errors.partition': '0',
        '__connect.errors.offset': '77',
        '__connect.errors.exception.class.name': 'org.apache.kafka.connect.errors.DataException',
        '__connect.errors.exception.message': 'Converting byte[] to Kafka Connect data failed',
        '__connect.errors.connector.name': 'jdbc-sink',
      },
    },
  ]);
  await produce(kafka, plainDlq, [encoded(testEvent())]);
  await produce(kafka, original, [encoded(testEvent())]);
  runtime = createLensRuntime(config);
  runtime.collector.start();
  await waitFor(async () => (await runtime.store.stats()).recordCount === 6, 'all records stored', 60_000);
});

afterAll(async () => {
  await closeLensRuntime(runtime);
  const admin = await kafka.connectAdmin();
  await admin.deleteTopics([original, springDlq, connectDlq, plainDlq]).catch(() => undefined);
  await admin.close();
});

describe('dead letters collected from a real broker', () => {
  it('reads Spring Kafka binary headers as produced, and groups the failures of one bug', async () => {
    const { items } = await runtime.store.queryDeadLetters(deadLetterQuerySchema.parse({ dlqTopic: springDlq }));
    expect(items.map((item) => [item.provenance.convention, item.provenance.originalTopic, item.provenance.originalPartition, item.provenance.originalOffset])).toEqual([
      ['spring', original, 300, 5002],
      ['spring', original, 0, 5001],
      ['spring', original, 0, 5000],
    ]);
    expect(items[0]?.provenance.originalTimestamp).toBe('2026-11-23T10:00:00.000Z');
    const groups = await runtime.store.groupDeadLetters(deadLetterQuerySchema.parse({ dlqTopic: springDlq }));
    expect(groups.items).toMatchObject([{ count: 3, errorClass: 'com.acme.OrderNotFound', fingerprintText: 'Order <n> not found', originalTopic: original }]);
  });

  it('reads Kafka Connect headers and takes the original topic of a plain record from LENS_DLQ_ORIGINAL_TOPICS', async () => {
    expect((await runtime.store.getDeadLetter(`${connectDlq}:0:0`))?.provenance).toMatchObject({
      convention: 'connect',
      originalTopic: original,
      originalPartition: 0,
      originalOffset: 77,
      consumerGroup: 'connect-jdbc-sink',
    });
    expect((await runtime.store.getDeadLetter(`${plainDlq}:0:0`))?.provenance).toMatchObject({ convention: 'plain', originalTopic: `${prefix}payments-events` });
    expect(await runtime.store.getDeadLetter(`${original}:0:0`)).toBeNull();
  });
});

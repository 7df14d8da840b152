import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config';
import { parseProvenance } from '../../../server/deadletters/discovery';
import { encodeEventyJson } from '../../../server/decode';
import type { ConsumedMessage, KafkaAdmin } from '../../../server/kafka';
import { startDemoConsumer, type DemoConsumerProcess } from '../../../testing/demo-consumer-process';
import { testEvent } from '../../../testing/eventy-records';
import { createTopics, produce, testKafka, uniquePrefix } from '../../../testing/kafka-fixtures';
import { readSpringDltHeaders } from './spring-dlt-headers';

const prefix = uniquePrefix('spring-dlt');
const topic = `${prefix}billing-requests`;
const dltTopic = `${topic}.DLT`;
const group = `${prefix}fraud-check`;
const kafka = testKafka();
const poisonValue = Buffer.from('{"type": "REQUEST", "namespace": "urn:bil', 'utf8');
let admin: KafkaAdmin;
let consumer: DemoConsumerProcess | undefined;

const headerMap = (m: ConsumedMessage) => Object.fromEntries(m.headers.map((h) => [h.key, Buffer.from(h.value, h.encoding)]));

beforeAll(async () => {
  await createTopics(kafka, [topic], 3);
  await produce(kafka, topic, [
    { key: 'a', value: encodeEventyJson(testEvent()), partition: 2 },
    { key: 'poison', value: poisonValue, partition: 2, headers: { 'x-trace': 'abc' } },
    { key: 'b', value: encodeEventyJson(testEvent()), partition: 2 },
  ]);
  admin = await kafka.connectAdmin();
}, 120_000);

afterAll(async () => {
  await consumer?.stop();
  await admin?.deleteGroups([group]).catch(() => undefined);
  await admin?.deleteTopics([topic, dltTopic]).catch(() => undefined);
  await admin?.close();
});

describe('the Spring-style demo consumer', () => {
  it('dead-letters the record it cannot process to <topic>.DLT with Spring Kafka headers and goes on', async () => {
    consumer = startDemoConsumer('spring-dlt-consumer', { DEMO_CONSUMER_GROUP: group, DEMO_CONSUMER_TOPICS: topic });
    await consumer.waitForReport((r) => r.event === 'processed' && r.partition === 2 && r.offset === 2, 'the record after the poison one to be processed');
    expect(consumer.reports.filter((r) => r.event === 'dead-lettered')).toMatchObject([{ topic, partition: 2, offset: 1, deadLetter: `${dltTopic}:2:0` }]);
    expect(await admin.fetchTopicOffsets(dltTopic)).toHaveLength(3);

    const [dead] = await kafka.readPartitionRange({ topic: dltTopic, partition: 2, fromOffset: 0, untilOffset: 1 }, 30_000);
    const [original] = await kafka.readPartitionRange({ topic, partition: 2, fromOffset: 1, untilOffset: 2 }, 30_000);
    expect(dead?.key?.toString()).toBe('poison');
    expect(dead?.value).toEqual(poisonValue);
    const headers = headerMap(dead!);
    expect(headers['x-trace']?.toString()).toBe('abc');
    expect(headers['kafka_dlt-original-partition']).toHaveLength(4);
    expect(headers['kafka_dlt-original-offset']).toHaveLength(8);
    expect(readSpringDltHeaders(headers)).toMatchObject({
      topic,
      partition: 2,
      offset: 1,
      timestamp: original!.timestamp,
      groupId: group,
      exceptionClass: 'org.springframework.kafka.listener.ListenerExecutionFailedException',
    });

    // and the dashboard's own reading of dead-letter headers agrees
    const view = { id: `${dltTopic}:2:0`, topic: dltTopic, partition: 2, offset: 0, timestamp: new Date(dead!.timestamp).toISOString(), key: 'poison', headers: dead!.headers, kind: 'undecodable' as const, format: 'unknown' as const, legacy: false, size: poisonValue.length };
    expect(parseProvenance(view, loadConfig({}).deadLetters)).toMatchObject({
      convention: 'spring',
      originalTopic: topic,
      originalPartition: 2,
      originalOffset: 1,
      originalTimestamp: new Date(original!.timestamp).toISOString(),
      // the cause, not Spring's wrapping ListenerExecutionFailedException
      errorClass: 'org.springframework.messaging.converter.MessageConversionException',
      consumerGroup: group,
    });
    expect(await consumer.stop()).toBe(0);
    consumer = undefined;
    expect((await admin.fetchCommittedOffsets(group, [topic])).find((c) => c.partition === 2)?.offset).toBe(3);
  });
});

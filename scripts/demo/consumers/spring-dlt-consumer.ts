/**
 * A consumer that does what Spring Kafka's DeadLetterPublishingRecoverer does: a record it cannot process goes to
 * `<topic>.DLT` (same partition) with the `kafka_dlt-*` headers, its offset is committed and consumption goes on.
 *
 *   DEMO_CONSUMER_GROUP (fraud-check)  DEMO_CONSUMER_TOPICS (billing-requests)
 */
import { decodeEventyValue } from '../../../server/decode';
import { consumerSettings, report, waitForTopics } from './consumer-settings';
import { springDltHeaders, springDltSuffix } from './spring-dlt-headers';

const settings = consumerSettings({ group: 'fraud-check', topics: 'billing-requests' });
const consumer = settings.kafka.consumer({ groupId: settings.groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000, allowAutoTopicCreation: false });
const producer = settings.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
let exiting = false;

async function exit(code: number): Promise<void> {
  if (exiting) return;
  exiting = true;
  await consumer.disconnect().catch(() => undefined);
  await producer.disconnect().catch(() => undefined);
  process.exit(code);
}
process.on('SIGTERM', () => void exit(0));
process.on('SIGINT', () => void exit(0));

/** Dead-letter topics with the original's partition count, as teams create them next to the original. */
async function createDeadLetterTopics(): Promise<void> {
  const admin = settings.kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const metadata = await admin.fetchTopicMetadata({ topics: settings.topics });
    const missing = metadata.topics.filter((t) => !existing.has(`${t.name}${springDltSuffix}`));
    if (missing.length > 0) {
      await admin.createTopics({ topics: missing.map((t) => ({ topic: `${t.name}${springDltSuffix}`, numPartitions: t.partitions.length, replicationFactor: 1 })), waitForLeaders: true });
    }
  } finally {
    await admin.disconnect();
  }
}

async function main(): Promise<void> {
  await waitForTopics(settings.kafka, settings.topics);
  await createDeadLetterTopics();
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: settings.topics, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      const offset = Number(message.offset);
      const decoded = decodeEventyValue(message.value);
      if (decoded.kind === 'undecodable') {
        const failure = {
          exceptionClass: 'org.springframework.kafka.listener.ListenerExecutionFailedException',
          causeClass: 'org.springframework.messaging.converter.MessageConversionException',
          message: `Listener method could not be invoked with the incoming message: ${decoded.reason}`,
        };
        const headers = { ...message.headers, ...springDltHeaders({ topic, partition, offset, timestamp: Number(message.timestamp) }, settings.groupId, failure) };
        const [sent] = await producer.send({ topic: `${topic}${springDltSuffix}`, acks: -1, messages: [{ key: message.key, value: message.value, partition, headers }] });
        report('dead-lettered', { topic, partition, offset, deadLetter: `${topic}${springDltSuffix}:${partition}:${sent?.baseOffset ?? '?'}`, reason: decoded.reason });
      } else {
        report('processed', { topic, partition, offset, uuid: decoded.record.uuid });
      }
      await consumer.commitOffsets([{ topic, partition, offset: String(offset + 1) }]);
    },
  });
  report('running', { groupId: settings.groupId, topics: settings.topics });
}

main().catch((error: unknown) => {
  report('failed', { error: error instanceof Error ? error.message : String(error) });
  void exit(2);
});

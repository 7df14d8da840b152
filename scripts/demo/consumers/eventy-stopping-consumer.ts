/**
 * A consumer that behaves like an eventy 3.x service (protocol doc §5): records one at a time, the offset committed
 * after each, and on a record it cannot decode it stops: nothing is committed past it and the process exits 1.
 * A restart re-reads the same record and stops again, so the partition stays stuck until someone parks the record.
 *
 *   DEMO_CONSUMER_GROUP (audit-log)  DEMO_CONSUMER_TOPICS (orders-events)  DEMO_CONSUMER_HOLD (false)
 */
import { decodeEventyValue } from '../../../server/decode';
import { consumerSettings, report, waitForTopics } from './consumer-settings';

const settings = consumerSettings({ group: 'audit-log', topics: 'orders-events' });
const consumer = settings.kafka.consumer({ groupId: settings.groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000, allowAutoTopicCreation: false });
let stopped = false;
let exiting = false;

async function exit(code: number): Promise<void> {
  if (exiting) return;
  exiting = true;
  await consumer.disconnect().catch(() => undefined);
  process.exit(code);
}

process.on('SIGTERM', () => void exit(stopped ? 1 : 0));
process.on('SIGINT', () => void exit(stopped ? 1 : 0));

consumer.on(consumer.events.GROUP_JOIN, (e) => report('joined', { memberId: e.payload.memberId, assignment: e.payload.memberAssignment }));

async function main(): Promise<void> {
  await waitForTopics(settings.kafka, settings.topics);
  await consumer.connect();
  await consumer.subscribe({ topics: settings.topics, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      if (stopped) return;
      const offset = Number(message.offset);
      const decoded = decodeEventyValue(message.value);
      if (decoded.kind === 'undecodable') {
        // eventy: the handler's exception ends the worker; the offset of this record is never committed
        stopped = true;
        consumer.pause(settings.topics.map((t) => ({ topic: t })));
        report('stopped', { topic, partition, offset, reason: decoded.reason });
        if (!settings.hold) setImmediate(() => void exit(1));
        return;
      }
      report('processed', { topic, partition, offset, uuid: decoded.record.uuid });
      await consumer.commitOffsets([{ topic, partition, offset: String(offset + 1) }]);
    },
  });
  report('running', { groupId: settings.groupId, topics: settings.topics });
}

main().catch((error: unknown) => {
  report('failed', { error: error instanceof Error ? error.message : String(error) });
  void exit(2);
});

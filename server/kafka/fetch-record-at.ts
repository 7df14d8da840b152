import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { peekGroupPrefix, type RecordTimestampRequest, type RecordTimestamps } from './contract';

/**
 * Reads the Kafka timestamp of the record at (or, past deleted or compacted offsets, first after) each requested
 * offset. kafkajs cannot assign partitions by hand, so a throwaway consumer group with a marked name joins, seeks,
 * reads one batch per partition, leaves without committing and deletes the group.
 * Gives up after `timeoutMs` and returns what it found.
 */
export async function fetchRecordTimestamps(kafka: Kafka, requests: readonly RecordTimestampRequest[], timeoutMs: number): Promise<RecordTimestamps> {
  const found: RecordTimestamps = new Map();
  if (requests.length === 0) return found;
  const wanted = new Map(requests.map((r) => [`${r.topic}:${r.partition}`, r.offset]));
  const groupId = `${peekGroupPrefix}${randomBytes(6).toString('hex')}`;
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 10_000,
    maxWaitTimeInMs: 200,
    maxBytesPerPartition: 64 * 1024,
    // kafkajs asks the broker to create a missing topic by default: a topic deleted under us would come back
    allowAutoTopicCreation: false,
    retry: { retries: 1, initialRetryTime: 200, maxRetryTime: 1_000, restartOnFailure: () => Promise.resolve(false) },
  });
  let timer: NodeJS.Timeout | undefined;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
    timer = setTimeout(resolve, timeoutMs);
  });
  const setUp = (async () => {
    await consumer.connect();
    // from the beginning: a batch fetched before the seek applies still starts below the wanted offset
    await consumer.subscribe({ topics: [...new Set(requests.map((r) => r.topic))], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: ({ batch }) => {
        const key = `${batch.topic}:${batch.partition}`;
        const offset = wanted.get(key);
        const first = batch.messages.find((m) => offset !== undefined && Number(m.offset) >= offset);
        if (offset !== undefined && first !== undefined && !found.has(`${key}:${offset}`)) {
          found.set(`${key}:${offset}`, Number(first.timestamp));
          if (found.size === wanted.size) done();
        }
        return Promise.resolve();
      },
    });
    for (const r of requests) consumer.seek({ topic: r.topic, partition: r.partition, offset: String(r.offset) });
  })();
  // after a timeout the set-up may still fail; nobody waits for it then
  setUp.catch(() => undefined);
  try {
    await Promise.race([setUp, finished]);
    await finished;
    return found;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
    await deletePeekGroup(kafka, groupId);
  }
}

/** An empty group without offsets would otherwise be listed until the broker's next offsets cleanup (10 minutes). */
export async function deletePeekGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin({ retry: { retries: 1 } });
  try {
    await admin.connect();
    await admin.deleteGroups([groupId]);
  } catch {
    // best effort: lag views leave peek groups out anyway
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

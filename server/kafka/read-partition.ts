import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { peekGroupPrefix, type ConsumedMessage, type PartitionRangeRequest } from './contract';
import { toConsumedMessage } from './consumer';
import { deletePeekGroup } from './fetch-record-at';

/**
 * Reads the records of one partition with `fromOffset ≤ offset < untilOffset` (keys, values, headers, timestamps as
 * stored). Like fetchRecordTimestamps, a throwaway consumer group with a marked name joins, seeks, reads, leaves
 * without committing and is deleted: kafkajs cannot assign partitions by hand.
 * Stops early once `stopWhen` returns true for a message; throws when `timeoutMs` passes before the range was read,
 * since a caller deciding "not there" from a partial read would be wrong.
 */
export async function readPartitionRange(
  kafka: Kafka,
  request: PartitionRangeRequest,
  timeoutMs: number,
  stopWhen: (message: ConsumedMessage) => boolean = () => false,
): Promise<ConsumedMessage[]> {
  const { topic, partition, fromOffset, untilOffset } = request;
  const found: ConsumedMessage[] = [];
  if (untilOffset <= fromOffset) return found;
  const groupId = `${peekGroupPrefix}${randomBytes(6).toString('hex')}`;
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 10_000,
    maxWaitTimeInMs: 200,
    maxBytesPerPartition: 1024 * 1024,
    allowAutoTopicCreation: false,
    retry: { retries: 1, initialRetryTime: 200, maxRetryTime: 1_000, restartOnFailure: () => Promise.resolve(false) },
  });
  let timer: NodeJS.Timeout | undefined;
  let finish: (complete: boolean) => void = () => undefined;
  const finished = new Promise<boolean>((resolve) => {
    finish = resolve;
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  let failure: unknown = null;
  const setUp = (async () => {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: ({ batch }) => {
        if (batch.partition !== partition) return Promise.resolve();
        for (const m of batch.messages) {
          const message = toConsumedMessage(topic, partition, m);
          if (message.offset < fromOffset || message.offset >= untilOffset || found.some((f) => f.offset === message.offset)) continue;
          found.push(message);
          if (stopWhen(message)) return Promise.resolve(finish(true));
        }
        // control records (transaction markers) count: the range may end with one
        if (Number(batch.lastOffset()) + 1 >= untilOffset) finish(true);
        return Promise.resolve();
      },
    });
    consumer.seek({ topic, partition, offset: String(fromOffset) });
  })();
  setUp.catch((error: unknown) => {
    failure = error;
    finish(false);
  });
  try {
    const complete = await finished;
    if (!complete) {
      throw new Error(`could not read ${topic}:${partition} offsets ${fromOffset}–${untilOffset - 1} within ${timeoutMs} ms`, failure === null ? {} : { cause: failure });
    }
    return found.sort((a, b) => a.offset - b.offset);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
    await deletePeekGroup(kafka, groupId);
  }
}

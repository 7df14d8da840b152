import { withSharedAdmin, type KafkaAccess, type KafkaAdmin } from '../kafka';

/**
 * A read through the shared admin, tried twice: kafkajs keeps failing a client whose metadata names a topic deleted
 * since, and withSharedAdmin replaces a client that failed, so the second try runs on a fresh one. Reads only.
 */
export function readWithAdmin<T>(kafka: KafkaAccess, read: (admin: KafkaAdmin) => Promise<T>): Promise<T> {
  return withSharedAdmin(kafka, read).catch(() => withSharedAdmin(kafka, read));
}

/** Partition count of a topic, null when it does not exist. */
export function countPartitions(kafka: KafkaAccess, topic: string): Promise<number | null> {
  return readWithAdmin(kafka, async (admin) => ((await admin.listTopics()).includes(topic) ? (await admin.fetchTopicOffsets(topic)).length : null));
}

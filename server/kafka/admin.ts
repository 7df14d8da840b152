import type { Kafka } from 'kafkajs';
import type { KafkaAdmin } from './contract';

export async function connectAdmin(kafka: Kafka): Promise<KafkaAdmin> {
  const admin = kafka.admin({ retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2000 } });
  await admin.connect();
  return {
    listTopics: () => admin.listTopics(),
    async createTopic(topic, numPartitions) {
      await admin.createTopics({ topics: [{ topic, numPartitions, replicationFactor: 1 }], waitForLeaders: true });
    },
    async fetchTopicOffsets(topic) {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets
        .map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) }))
        .sort((a, b) => a.partition - b.partition);
    },
    async fetchCommittedOffsets(groupId, topics) {
      const result = await admin.fetchOffsets({ groupId, topics });
      return result.flatMap(({ topic, partitions }) =>
        partitions.map((p) => ({ topic, partition: p.partition, offset: Number(p.offset) < 0 ? null : Number(p.offset) })),
      );
    },
    close: () => admin.disconnect(),
  };
}

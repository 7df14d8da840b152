import { AssignerProtocol, type Kafka, type MemberDescription } from 'kafkajs';
import type { GroupMember, KafkaAdmin, TopicPartitionOffset } from './contract';

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
    async fetchAllCommittedOffsets(groupId) {
      // without topics kafkajs sends a null topic list: the broker answers for every topic the group committed on
      const result = await admin.fetchOffsets({ groupId });
      return result.flatMap(({ topic, partitions }) =>
        partitions.filter((p) => Number(p.offset) >= 0).map((p) => ({ topic, partition: p.partition, offset: Number(p.offset) })),
      );
    },
    async listGroups() {
      const { groups } = await admin.listGroups();
      return groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType }));
    },
    async describeGroups(groupIds) {
      if (groupIds.length === 0) return [];
      const { groups } = await admin.describeGroups(groupIds);
      return groups.map((g) => ({ groupId: g.groupId, state: g.state, protocolType: g.protocolType, members: g.members.map(toGroupMember) }));
    },
    async commitGroupOffsets(groupId, offsets) {
      for (const [topic, entries] of groupByTopic(offsets)) {
        await admin.setOffsets({ groupId, topic, partitions: entries.map((e) => ({ partition: e.partition, offset: String(e.offset) })) });
      }
    },
    async deleteGroups(groupIds) {
      if (groupIds.length > 0) await admin.deleteGroups(groupIds);
    },
    async deleteRecordsBefore(topic, offsets) {
      // kafkajs finds partition leaders from its metadata cache, which a fresh admin has not filled yet
      await admin.fetchTopicMetadata({ topics: [topic] });
      await admin.deleteTopicRecords({ topic, partitions: offsets.map((o) => ({ partition: o.partition, offset: String(o.offset) })) });
    },
    async deleteTopics(topics) {
      if (topics.length > 0) await admin.deleteTopics({ topics });
    },
    close: () => admin.disconnect(),
  };
}

function toGroupMember(member: MemberDescription): GroupMember {
  // an empty assignment buffer (group rebalancing, or a non-consumer protocol) decodes to null or throws
  let assignment: Record<string, number[]> = {};
  try {
    assignment = (member.memberAssignment.length > 0 ? AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment : null) ?? {};
  } catch {
    assignment = {};
  }
  return {
    memberId: member.memberId,
    clientId: member.clientId,
    host: member.clientHost,
    assignment: Object.entries(assignment).map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) })),
  };
}

function groupByTopic(offsets: readonly TopicPartitionOffset[]): Map<string, TopicPartitionOffset[]> {
  const byTopic = new Map<string, TopicPartitionOffset[]>();
  for (const o of offsets) byTopic.set(o.topic, [...(byTopic.get(o.topic) ?? []), o]);
  return byTopic;
}

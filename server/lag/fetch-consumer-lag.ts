import { isPeekGroup } from '../kafka/contract';
import type { GroupDescription, KafkaAdmin, PartitionOffsets } from '../kafka/contract';
import type { RecordStore } from '../store/contract';
import { computeLagSeconds, computePartitionLag } from './compute-partition-lag';
import type { ConsumerLag, GroupLag, PartitionLag } from './contract';
import { mapConcurrently } from './map-concurrently';

type LagAdmin = Pick<KafkaAdmin, 'listTopics' | 'listGroups' | 'describeGroups' | 'fetchAllCommittedOffsets' | 'fetchTopicOffsets'>;

export interface FetchConsumerLagOptions {
  /** only these groups; every consumer group on the cluster when absent */
  groupIds?: readonly string[];
  /** parallel requests per step */
  concurrency?: number;
  now?: () => number;
}

/** Committed offsets vs the broker's current offsets for every consumer group, asked fresh at each call. */
export async function fetchConsumerLag(
  admin: LagAdmin,
  store: Pick<RecordStore, 'getRecord'>,
  { groupIds, concurrency = 8, now = Date.now }: FetchConsumerLagOptions = {},
): Promise<ConsumerLag> {
  const [listed, existingTopics] = await Promise.all([admin.listGroups(), admin.listTopics()]);
  // '' is a group that only holds offsets committed through the admin API; other protocols (connect) hold none
  const ids = listed
    .filter((g) => g.protocolType === 'consumer' || g.protocolType === '')
    .map((g) => g.groupId)
    .filter((id) => !isPeekGroup(id))
    .filter((id) => groupIds === undefined || groupIds.includes(id))
    .sort();
  const [descriptions, committedPerGroup] = await Promise.all([
    admin.describeGroups(ids),
    mapConcurrently(ids, concurrency, (id) => admin.fetchAllCommittedOffsets(id)),
  ]);
  const describedById = new Map(descriptions.map((d) => [d.groupId, d]));
  const topicsPerGroup = ids.map((id, i) => groupTopics(describedById.get(id), committedPerGroup[i] ?? []));
  // a deleted topic keeps its committed offsets; asking for its offsets would auto-create it again
  const existing = new Set(existingTopics);
  const topics = [...new Set(topicsPerGroup.flat())].filter((t) => existing.has(t));
  const topicOffsets = new Map(
    (await mapConcurrently(topics, concurrency, async (t) => [t, await fetchOffsetsUnlessDeleted(admin, t)] as const)).map(([t, o]) => [t, o]),
  );
  const asOf = now();
  const ages = createAgeLookup(store, asOf);
  const groups = await mapConcurrently([...ids.keys()], concurrency, async (index): Promise<GroupLag> => {
    const groupId = ids[index] as string;
    const committed = new Map((committedPerGroup[index] ?? []).map((c) => [`${c.topic}:${c.partition}`, c.offset]));
    const rows = (topicsPerGroup[index] ?? []).flatMap((topic) =>
      (topicOffsets.get(topic) ?? []).map((offsets) => ({ topic, offsets, committedOffset: committed.get(`${topic}:${offsets.partition}`) ?? null })),
    );
    const partitions = await mapConcurrently(rows, concurrency, (row) => partitionLag(row.topic, row.offsets, row.committedOffset, ages));
    const described = describedById.get(groupId);
    return { groupId, state: described?.state ?? 'Unknown', members: described?.members ?? [], ...sumGroup(partitions), partitions };
  });
  return { groups, asOf: new Date(asOf).toISOString() };
}

/** A topic deleted after the topic list was read has no offsets left to show, rather than failing the whole read. */
async function fetchOffsetsUnlessDeleted(admin: LagAdmin, topic: string): Promise<PartitionOffsets[]> {
  try {
    return await admin.fetchTopicOffsets(topic);
  } catch (error) {
    if ((error as { type?: unknown }).type === 'UNKNOWN_TOPIC_OR_PARTITION') return [];
    throw error;
  }
}

function groupTopics(described: GroupDescription | undefined, committed: readonly { topic: string }[]): string[] {
  const assigned = (described?.members ?? []).flatMap((m) => m.assignment.map((a) => a.topic));
  return [...new Set([...committed.map((c) => c.topic), ...assigned])].sort();
}

async function partitionLag(topic: string, offsets: PartitionOffsets, committedOffset: number | null, ageOf: AgeLookup): Promise<PartitionLag> {
  const { lagRecords, neverCommitted, committedBelowLogStart, oldestUnconsumedOffset } = computePartitionLag({
    committedOffset,
    highWatermark: offsets.high,
    logStartOffset: offsets.low,
  });
  const lagSeconds = oldestUnconsumedOffset === null ? 0 : await ageOf(topic, offsets.partition, oldestUnconsumedOffset, lagRecords);
  return {
    topic,
    partition: offsets.partition,
    committedOffset,
    highWatermark: offsets.high,
    logStartOffset: offsets.low,
    lagRecords,
    lagSeconds,
    // the sampler knows these from earlier samples; one read alone cannot tell
    stuckSince: null,
    catchUpSeconds: lagRecords === 0 ? 0 : null,
    fallingBehind: false,
    neverCommitted,
    committedBelowLogStart,
  };
}

type GroupSums = Pick<GroupLag, 'lagRecords' | 'lagSeconds' | 'catchUpSeconds' | 'fallingBehind' | 'stuckPartitions'>;

/** A group's figures from its partitions' figures. */
export function sumGroup(partitions: readonly PartitionLag[]): GroupSums {
  const lagging = partitions.filter((p) => p.lagRecords > 0);
  const lagRecords = lagging.reduce((sum, p) => sum + p.lagRecords, 0);
  const fallingBehind = partitions.some((p) => p.fallingBehind);
  const stuckPartitions = partitions.filter((p) => p.stuckSince !== null).length;
  if (lagging.length === 0) return { lagRecords, lagSeconds: 0, catchUpSeconds: 0, fallingBehind, stuckPartitions };
  // the worst known age is a lower bound the on-call engineer can act on; null only when no lagging age is known
  const known = lagging.map((p) => p.lagSeconds).filter((s): s is number => s !== null);
  const catchUp = lagging.map((p) => p.catchUpSeconds);
  return {
    lagRecords,
    lagSeconds: known.length === 0 ? null : Math.max(...known),
    // the group has caught up when its slowest partition has
    catchUpSeconds: catchUp.some((c) => c === null) ? null : Math.max(...(catchUp as number[])),
    fallingBehind,
    stuckPartitions,
  };
}

type AgeLookup = (topic: string, partition: number, offset: number, lagRecords: number) => Promise<number | null>;

/** Several groups often wait on the same record: each is read from the store once per refresh. */
function createAgeLookup(store: Pick<RecordStore, 'getRecord'>, asOf: number): AgeLookup {
  const timestamps = new Map<string, Promise<number | null>>();
  return async (topic, partition, offset, lagRecords) => {
    const id = `${topic}:${partition}:${offset}`;
    let timestamp = timestamps.get(id);
    if (timestamp === undefined) {
      timestamp = store.getRecord(id).then((r) => (r === null ? null : Date.parse(r.timestamp)));
      timestamps.set(id, timestamp);
    }
    return computeLagSeconds(lagRecords, await timestamp, asOf);
  };
}

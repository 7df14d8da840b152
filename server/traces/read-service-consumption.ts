import type { KafkaAdmin } from '../kafka/contract';
import { mapConcurrently } from '../lag/map-concurrently';
import type { ServiceConsumption } from '../link/contract';

type ConsumptionAdmin = Pick<KafkaAdmin, 'listGroups' | 'fetchAllCommittedOffsets'>;

/** Topics each consumer group committed on; an Eventy service's group is named after the service (§3.3). */
export async function readServiceConsumption(admin: ConsumptionAdmin, excludedGroups: readonly string[] = []): Promise<ServiceConsumption> {
  const groupIds = (await admin.listGroups())
    .filter((g) => g.protocolType === 'consumer' || g.protocolType === '')
    .map((g) => g.groupId)
    .filter((id) => !excludedGroups.includes(id));
  const committed = await mapConcurrently(groupIds, 8, (id) => admin.fetchAllCommittedOffsets(id));
  const topicsByService: Record<string, string[]> = {};
  groupIds.forEach((id, i) => {
    topicsByService[id] = [...new Set(committed[i]!.map((o) => o.topic))].sort();
  });
  return { topicsByService };
}

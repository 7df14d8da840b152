/** The topics of the simulated shop, created up front as ops would (eventy creates none itself). */
import type { KafkaAdmin } from '../../server/kafka';

export const shopTopics = [
  'orders-events',
  'billing-requests',
  'billing-responses',
  'billing-events',
  'inventory-events',
  'shipping-requests',
  'shipping-responses',
  'shipping-events',
  'notifications-events',
] as const;

export const SHOP_TOPIC_PARTITIONS = 3;

/** Creates the topics that are missing; existing ones are left as they are. */
export async function createShopTopics(admin: KafkaAdmin): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = shopTopics.filter((t) => !existing.has(t));
  for (const topic of missing) {
    try {
      await admin.createTopic(topic, SHOP_TOPIC_PARTITIONS);
    } catch (error) {
      // another run (or the broker's auto-create) may have been quicker
      if (!/already exists/i.test(error instanceof Error ? error.message : String(error))) throw error;
    }
  }
  return missing;
}

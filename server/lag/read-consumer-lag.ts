import 'server-only';
import { withSharedAdmin } from '../kafka';
import { getLensRuntime } from '../runtime';
import type { ConsumerLag, LagQuery } from './contract';
import { fetchConsumerLag } from './fetch-consumer-lag';

/** What `GET /api/lag` returns, over the process's shared admin connection. */
export async function readConsumerLag(query: LagQuery): Promise<ConsumerLag> {
  const runtime = getLensRuntime();
  return withSharedAdmin(runtime.kafka, (admin) => fetchConsumerLag(admin, runtime.store, query.group === undefined ? {} : { groupIds: [query.group] }));
}

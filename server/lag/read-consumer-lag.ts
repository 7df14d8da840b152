import 'server-only';
import { getLensRuntime } from '../runtime';
import type { ConsumerLag, LagHistory, LagHistoryQuery, LagQuery } from './contract';

/** What `GET /api/lag` returns: the sampler's latest view when fresh, else a read made now. */
export async function readConsumerLag(query: LagQuery): Promise<ConsumerLag> {
  const lag = await getLensRuntime().lagSampler.current();
  return query.group === undefined ? lag : { ...lag, groups: lag.groups.filter((g) => g.groupId === query.group) };
}

/** What `GET /api/lag/{groupId}/history` returns; a group never sampled has no samples. */
export async function readLagHistory(groupId: string, { fromMs, toMs }: LagHistoryQuery): Promise<LagHistory> {
  const samples = await getLensRuntime().lagSampler.history.queryGroupSeries(groupId, fromMs, toMs);
  return { groupId, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), samples };
}

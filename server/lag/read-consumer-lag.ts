import 'server-only';
import type { KafkaAdmin } from '../kafka';
import { getLensRuntime } from '../runtime';
import type { ConsumerLag, LagQuery } from './contract';
import { fetchConsumerLag } from './fetch-consumer-lag';

const adminKey = Symbol.for('eventy-lens.lag-admin');
type GlobalWithAdmin = typeof globalThis & { [adminKey]?: Promise<KafkaAdmin> };

/** What `GET /api/lag` returns, over one admin connection kept for the process and replaced after a failure. */
export async function readConsumerLag(query: LagQuery): Promise<ConsumerLag> {
  const runtime = getLensRuntime();
  const holder = globalThis as GlobalWithAdmin;
  const admin = (holder[adminKey] ??= runtime.kafka.connectAdmin());
  try {
    return await fetchConsumerLag(await admin, runtime.store, query.group === undefined ? {} : { groupIds: [query.group] });
  } catch (error) {
    if (holder[adminKey] === admin) delete holder[adminKey];
    void admin.then((a) => a.close()).catch(() => undefined);
    throw error;
  }
}

import 'server-only';
import { probeBroker } from '../kafka';
import type { StoreStats } from '../store/contract';
import { getLensRuntime } from './index';

/** The store's figures, or why it did not answer (a shared database that is down must not turn health into a 500). */
async function readStore(stats: () => Promise<StoreStats>): Promise<StoreStats & { reachable: boolean; error: string | null }> {
  try {
    return { ...(await stats()), reachable: true, error: null };
  } catch (error) {
    return { recordCount: 0, sizeBytes: 0, topics: [], reachable: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Broker reachability (asked live), collector state and positions, store size: what `/api/health` returns. */
export async function readHealth() {
  const runtime = getLensRuntime();
  const [broker, store] = await Promise.all([probeBroker(runtime.kafka), readStore(() => runtime.store.stats())]);
  const collector = runtime.collector.status();
  return {
    ok: broker.reachable && store.reachable && (collector.state === 'connected' || collector.state === 'waiting-for-topics' || collector.state === 'disabled'),
    broker: { brokers: runtime.config.kafka.brokers, ...broker },
    collector,
    store: { engine: runtime.storeEngine, ...store, retention: runtime.retention.status() },
    startedAt: runtime.startedAt.toISOString(),
  };
}

export type Health = Awaited<ReturnType<typeof readHealth>>;

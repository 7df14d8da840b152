import 'server-only';
import { probeBroker } from '../kafka';
import { getLensRuntime } from './index';

/** Broker reachability (asked live), collector state and positions, store size: what `/api/health` returns. */
export async function readHealth() {
  const runtime = getLensRuntime();
  const [broker, store] = await Promise.all([probeBroker(runtime.kafka), runtime.store.stats()]);
  const collector = runtime.collector.status();
  return {
    ok: broker.reachable && (collector.state === 'connected' || collector.state === 'waiting-for-topics' || collector.state === 'disabled'),
    broker: { brokers: runtime.config.kafka.brokers, ...broker },
    collector,
    store: { engine: runtime.storeEngine, recordCount: store.recordCount, sizeBytes: store.sizeBytes, topics: store.topics, retention: runtime.retention.status() },
    startedAt: runtime.startedAt.toISOString(),
  };
}

export type Health = Awaited<ReturnType<typeof readHealth>>;

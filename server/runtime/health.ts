import 'server-only';
import { createBrokerProbe, type BrokerProbeResult } from '../kafka';
import { getLensRuntime } from './index';

const probeKey = Symbol.for('eventy-lens.broker-probe');
type GlobalWithProbe = typeof globalThis & { [probeKey]?: () => Promise<BrokerProbeResult> };

/** Broker reachability (asked live), collector state and positions, store size: what `/api/health` returns. */
export async function readHealth() {
  const runtime = getLensRuntime();
  const holder = globalThis as GlobalWithProbe;
  holder[probeKey] ??= createBrokerProbe(runtime.kafka);
  const [broker, store] = await Promise.all([holder[probeKey](), runtime.store.stats()]);
  const collector = runtime.collector.status();
  return {
    ok: broker.reachable && (collector.state === 'connected' || collector.state === 'waiting-for-topics' || collector.state === 'disabled'),
    broker: { brokers: runtime.config.kafka.brokers, ...broker },
    collector,
    store: { recordCount: store.recordCount, sizeBytes: store.sizeBytes, topics: store.topics },
    startedAt: runtime.startedAt.toISOString(),
  };
}

export type Health = Awaited<ReturnType<typeof readHealth>>;

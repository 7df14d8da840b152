import type { CollectorState } from './contract';

export interface CollectorFacts {
  stopped: boolean;
  enabled: boolean;
  /** the last topic listing failed: the broker did not answer */
  brokerUnreachable: boolean;
  /** a topic listing has succeeded at least once */
  topicsListed: boolean;
  subscribedTopics: number;
  consumerRunning: boolean;
  lastFetchAt: number | null;
  lastCrashAt: number | null;
  /** the store refused the last batch (its database is down, full, …) and none was stored since */
  storeFailing: boolean;
  now: number;
}

const fetchFreshMs = 15_000;

/** The collector's state is derived from facts, never stored, so it cannot drift from them. */
export function deriveCollectorState(f: CollectorFacts): CollectorState {
  if (!f.enabled) return 'disabled';
  if (f.stopped) return 'stopped';
  const fetchedRecently = f.lastFetchAt !== null && f.now - f.lastFetchAt < fetchFreshMs;
  const crashedSinceFetch = f.lastCrashAt !== null && (f.lastFetchAt === null || f.lastCrashAt > f.lastFetchAt);
  if (f.brokerUnreachable && !fetchedRecently) return 'broker-down';
  // Kafka answers but nothing is stored: the offsets stay uncommitted and the batches come again once the store is back
  if (f.storeFailing) return 'store-down';
  if (f.subscribedTopics === 0) return f.topicsListed ? 'waiting-for-topics' : 'starting';
  if (crashedSinceFetch) return 'reconnecting';
  if (fetchedRecently) return 'connected';
  return f.lastFetchAt === null ? 'starting' : 'reconnecting';
}

import { describe, expect, it } from 'vitest';
import { deriveCollectorState, type CollectorFacts } from './collector-state';

const base: CollectorFacts = {
  stopped: false,
  enabled: true,
  brokerUnreachable: false,
  topicsListed: true,
  subscribedTopics: 2,
  consumerRunning: true,
  lastFetchAt: 1_000,
  lastCrashAt: null,
  storeFailing: false,
  now: 2_000,
};

describe('deriveCollectorState', () => {
  it('is connected while fetches keep coming', () => {
    expect(deriveCollectorState(base)).toBe('connected');
  });
  it('is broker-down when the broker does not answer and fetches stopped', () => {
    expect(deriveCollectorState({ ...base, brokerUnreachable: true, now: 60_000 })).toBe('broker-down');
  });
  it('is reconnecting after a crash until the next fetch', () => {
    expect(deriveCollectorState({ ...base, lastCrashAt: 1_500 })).toBe('reconnecting');
    expect(deriveCollectorState({ ...base, lastCrashAt: 500 })).toBe('connected');
  });
  it('is store-down while the store refuses batches Kafka still hands over, broker-down first when Kafka is gone too', () => {
    expect(deriveCollectorState({ ...base, storeFailing: true })).toBe('store-down');
    expect(deriveCollectorState({ ...base, storeFailing: true, brokerUnreachable: true, lastFetchAt: null })).toBe('broker-down');
  });
  it('is reconnecting when fetches went stale with the broker still listed as reachable', () => {
    expect(deriveCollectorState({ ...base, now: 60_000 })).toBe('reconnecting');
  });
  it('waits for topics when none match', () => {
    expect(deriveCollectorState({ ...base, subscribedTopics: 0, consumerRunning: false })).toBe('waiting-for-topics');
  });
  it('is starting, not waiting for topics, until the first topic listing answered', () => {
    expect(deriveCollectorState({ ...base, subscribedTopics: 0, consumerRunning: false, topicsListed: false, lastFetchAt: null })).toBe('starting');
  });
  it('reports disabled and stopped', () => {
    expect(deriveCollectorState({ ...base, enabled: false })).toBe('disabled');
    expect(deriveCollectorState({ ...base, stopped: true })).toBe('stopped');
  });
  it('is starting before the first fetch', () => {
    expect(deriveCollectorState({ ...base, lastFetchAt: null })).toBe('starting');
  });
});

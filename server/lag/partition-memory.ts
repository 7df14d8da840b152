import type { ConsumerLag, PartitionLag } from './contract';
import { sumGroup } from './fetch-consumer-lag';
import type { LagHistoryStore } from './history-store';
import { computeLagTrend, trendWindowSamples, type TrendSample } from './lag-trend';
import { mapConcurrently } from './map-concurrently';
import { advanceStillness, stuckSince, type Stillness } from './stuck-partition';

interface Remembered {
  stillness: Stillness;
  window: TrendSample[];
}

export interface PartitionMemory {
  /** folds one read of every group into memory; returns it with stuckSince, catchUpSeconds and fallingBehind set */
  observe(lag: ConsumerLag, asOfMs: number): Promise<ConsumerLag>;
}

/** What the sampler remembers between ticks, per group and partition; partitions that disappear are forgotten. */
export function createPartitionMemory(history: Pick<LagHistoryStore, 'unmovedLaggingSince'>, stuckMs: number): PartitionMemory {
  let memory = new Map<string, Remembered>();

  async function observePartition(groupId: string, p: PartitionLag, asOfMs: number, seen: Map<string, Remembered>): Promise<PartitionLag> {
    const key = `${groupId}\u0000${p.topic}\u0000${p.partition}`;
    const known = memory.get(key);
    // after a restart, the history tells since when this partition has waited with the same committed offset
    // (a partition without lag has no stillness to restore)
    const previous = known?.stillness ?? (p.lagRecords === 0 ? undefined : await restore(groupId, p));
    const stillness = advanceStillness(previous, p.committedOffset, p.lagRecords, asOfMs);
    const sample = { timeMs: asOfMs, position: p.highWatermark - p.lagRecords, highWatermark: p.highWatermark, lagRecords: p.lagRecords };
    const window = [...(known?.window ?? []), sample].slice(-trendWindowSamples);
    seen.set(key, { stillness, window });
    const trend = computeLagTrend(window);
    return { ...p, stuckSince: stuckSince(stillness, asOfMs, stuckMs), catchUpSeconds: trend.catchUpSeconds, fallingBehind: trend.fallingBehind };
  }

  async function restore(groupId: string, p: PartitionLag): Promise<Stillness | undefined> {
    // a history that does not answer (a shared database down) leaves the clock to start now
    const since = await history.unmovedLaggingSince(groupId, p.topic, p.partition, p.committedOffset).catch(() => null);
    return since === null ? undefined : { committedOffset: p.committedOffset, laggingSinceMs: since };
  }

  return {
    async observe(lag, asOfMs) {
      const seen = new Map<string, Remembered>();
      const groups = [];
      for (const g of lag.groups) {
        // only partitions new to memory ask the history, a few at a time
        const partitions = await mapConcurrently(g.partitions, 4, (p) => observePartition(g.groupId, p, asOfMs, seen));
        groups.push({ ...g, ...sumGroup(partitions), partitions });
      }
      memory = seen;
      return { ...lag, groups };
    },
  };
}

import type { ConsumerLag, PartitionLag } from './contract';
import { sumGroup } from './fetch-consumer-lag';
import type { LagHistoryStore } from './history-store';
import { computeLagTrend, trendWindowSamples, type TrendSample } from './lag-trend';
import { advanceStillness, stuckSince, type Stillness } from './stuck-partition';

interface Remembered {
  stillness: Stillness;
  window: TrendSample[];
}

export interface PartitionMemory {
  /** folds one read of every group into memory; returns it with stuckSince, catchUpSeconds and fallingBehind set */
  observe(lag: ConsumerLag, asOfMs: number): ConsumerLag;
}

/** What the sampler remembers between ticks, per group and partition; partitions that disappear are forgotten. */
export function createPartitionMemory(history: Pick<LagHistoryStore, 'unmovedLaggingSince'>, stuckMs: number): PartitionMemory {
  let memory = new Map<string, Remembered>();

  function observePartition(groupId: string, p: PartitionLag, asOfMs: number, seen: Map<string, Remembered>): PartitionLag {
    const key = `${groupId}\u0000${p.topic}\u0000${p.partition}`;
    const known = memory.get(key);
    // after a restart, the history tells since when this partition has waited with the same committed offset
    const previous = known?.stillness ?? restore(groupId, p);
    const stillness = advanceStillness(previous, p.committedOffset, p.lagRecords, asOfMs);
    const sample = { timeMs: asOfMs, position: p.highWatermark - p.lagRecords, highWatermark: p.highWatermark, lagRecords: p.lagRecords };
    const window = [...(known?.window ?? []), sample].slice(-trendWindowSamples);
    seen.set(key, { stillness, window });
    const trend = computeLagTrend(window);
    return { ...p, stuckSince: stuckSince(stillness, asOfMs, stuckMs), catchUpSeconds: trend.catchUpSeconds, fallingBehind: trend.fallingBehind };
  }

  function restore(groupId: string, p: PartitionLag): Stillness | undefined {
    const since = history.unmovedLaggingSince(groupId, p.topic, p.partition, p.committedOffset);
    return since === null ? undefined : { committedOffset: p.committedOffset, laggingSinceMs: since };
  }

  return {
    observe(lag, asOfMs) {
      const seen = new Map<string, Remembered>();
      const groups = lag.groups.map((g) => {
        const partitions = g.partitions.map((p) => observePartition(g.groupId, p, asOfMs, seen));
        return { ...g, ...sumGroup(partitions), partitions };
      });
      memory = seen;
      return { ...lag, groups };
    },
  };
}

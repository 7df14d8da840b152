/** Counts what the simulated shop wrote and skipped, and turns the counts into the periodic status line. */

export interface TrafficCounts {
  producedByTopic: ReadonlyMap<string, number>;
  malformed: number;
  /** undecodable records the services read and stepped over */
  skippedUndecodable: number;
}

export interface TrafficStats {
  recordProduced(topic: string, malformed: boolean): void;
  recordSkipped(): void;
  counts(): TrafficCounts;
}

export function createTrafficStats(): TrafficStats {
  const producedByTopic = new Map<string, number>();
  let malformed = 0;
  let skippedUndecodable = 0;
  return {
    recordProduced(topic, isMalformed) {
      producedByTopic.set(topic, (producedByTopic.get(topic) ?? 0) + 1);
      if (isMalformed) malformed += 1;
    },
    recordSkipped() {
      skippedUndecodable += 1;
    },
    counts: () => ({ producedByTopic: new Map(producedByTopic), malformed, skippedUndecodable }),
  };
}

export function totalProduced(counts: TrafficCounts): number {
  return [...counts.producedByTopic.values()].reduce((a, b) => a + b, 0);
}

/** One line: totals since start, the rate over the last interval, then every topic in name order. */
export function formatStatsLine(counts: TrafficCounts, elapsedS: number, previousTotal: number, intervalS: number): string {
  const total = totalProduced(counts);
  const rate = intervalS > 0 ? (total - previousTotal) / intervalS : 0;
  const topics = [...counts.producedByTopic.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([topic, n]) => `${topic}=${n}`)
    .join(' ');
  return `demo t=${Math.round(elapsedS)}s produced=${total} (${rate.toFixed(1)}/s) malformed=${counts.malformed} skipped-undecodable=${counts.skippedUndecodable} | ${topics}`;
}

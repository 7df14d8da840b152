export interface PartitionPosition {
  /** null when the group never committed on this partition */
  committedOffset: number | null;
  highWatermark: number;
  logStartOffset: number;
}

export interface PartitionLagArithmetic {
  lagRecords: number;
  neverCommitted: boolean;
  committedBelowLogStart: boolean;
  /** offset of the oldest record the group has yet to consume; null when nothing is left */
  oldestUnconsumedOffset: number | null;
}

/** Lag in records from the broker's current offsets; Redpanda Console's rule, uncommitted partitions included. */
export function computePartitionLag({ committedOffset, highWatermark, logStartOffset }: PartitionPosition): PartitionLagArithmetic {
  const neverCommitted = committedOffset === null;
  const committedBelowLogStart = committedOffset !== null && committedOffset < logStartOffset;
  // records below the log start are gone: the group can only resume from there
  const position = committedOffset === null || committedBelowLogStart ? logStartOffset : committedOffset;
  const lagRecords = Math.max(highWatermark - position, 0);
  return { lagRecords, neverCommitted, committedBelowLogStart, oldestUnconsumedOffset: lagRecords > 0 ? position : null };
}

/** Seconds between the Kafka timestamp of the oldest unconsumed record and now; 0 with no lag, null when unknown. */
export function computeLagSeconds(lagRecords: number, oldestTimestampMs: number | null, nowMs: number): number | null {
  if (lagRecords === 0) return 0;
  if (oldestTimestampMs === null) return null;
  return Math.max((nowMs - oldestTimestampMs) / 1000, 0);
}

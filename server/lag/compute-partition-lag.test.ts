import { describe, expect, it } from 'vitest';
import { computeLagSeconds, computePartitionLag } from './compute-partition-lag';

describe('computePartitionLag', () => {
  it('is the high watermark minus the committed offset', () => {
    expect(computePartitionLag({ committedOffset: 7, highWatermark: 10, logStartOffset: 0 })).toEqual({
      lagRecords: 3,
      neverCommitted: false,
      committedBelowLogStart: false,
      oldestUnconsumedOffset: 7,
    });
  });

  it('is 0 for a group that consumed everything', () => {
    expect(computePartitionLag({ committedOffset: 10, highWatermark: 10, logStartOffset: 0 })).toMatchObject({ lagRecords: 0, oldestUnconsumedOffset: null });
  });

  it('counts a partition the group never committed from the log start, flagged', () => {
    expect(computePartitionLag({ committedOffset: null, highWatermark: 10, logStartOffset: 4 })).toEqual({
      lagRecords: 6,
      neverCommitted: true,
      committedBelowLogStart: false,
      oldestUnconsumedOffset: 4,
    });
  });

  it('counts from the log start when the committed offset points into deleted or compacted segments', () => {
    expect(computePartitionLag({ committedOffset: 2, highWatermark: 10, logStartOffset: 5 })).toEqual({
      lagRecords: 5,
      neverCommitted: false,
      committedBelowLogStart: true,
      oldestUnconsumedOffset: 5,
    });
  });

  it('is 0 for empty partitions, committed or not', () => {
    expect(computePartitionLag({ committedOffset: null, highWatermark: 0, logStartOffset: 0 })).toMatchObject({ lagRecords: 0, neverCommitted: true });
    expect(computePartitionLag({ committedOffset: null, highWatermark: 12, logStartOffset: 12 })).toMatchObject({ lagRecords: 0, oldestUnconsumedOffset: null });
    expect(computePartitionLag({ committedOffset: 0, highWatermark: 0, logStartOffset: 0 })).toMatchObject({ lagRecords: 0 });
  });

  it('is 0, never negative, when the committed offset is past the high watermark', () => {
    expect(computePartitionLag({ committedOffset: 15, highWatermark: 10, logStartOffset: 0 })).toMatchObject({ lagRecords: 0, oldestUnconsumedOffset: null });
  });
});

describe('computeLagSeconds', () => {
  it('is 0 without lag, even when the record is unknown', () => {
    expect(computeLagSeconds(0, null, 10_000)).toBe(0);
  });

  it('is the age of the oldest unconsumed record', () => {
    expect(computeLagSeconds(3, 4_000, 10_000)).toBe(6);
  });

  it('is null when the oldest unconsumed record is not stored', () => {
    expect(computeLagSeconds(3, null, 10_000)).toBeNull();
  });

  it('is never negative when a producer clock runs ahead', () => {
    expect(computeLagSeconds(3, 12_000, 10_000)).toBe(0);
  });
});

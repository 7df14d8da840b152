import { z } from 'zod';
import type { GroupMember } from '../kafka/contract';

/** One partition of one group, as `GET /api/lag` returns it. */
export interface PartitionLag {
  topic: string;
  partition: number;
  /** null when the group never committed on this partition */
  committedOffset: number | null;
  highWatermark: number;
  logStartOffset: number;
  /** max(high watermark − committed, 0); counted from the log start when never committed or committed below it */
  lagRecords: number;
  /** age of the oldest unconsumed record, from our store or else read from Kafka; null until known */
  lagSeconds: number | null;
  /**
   * ISO time since which the committed offset has not moved while records waited (lagRecords > 0);
   * set only once that lasted the stuck threshold (LENS_LAG_STUCK_MS), else null. Never-committed partitions count too.
   */
  stuckSince: string | null;
  /** seconds until the lag reaches 0 at the recent consume and produce rates; 0 without lag, null when not catching up or unknown */
  catchUpSeconds: number | null;
  /** lag grew over the recent samples without ever shrinking (see lag-trend.ts) */
  fallingBehind: boolean;
  neverCommitted: boolean;
  /** the committed offset points into deleted or compacted segments */
  committedBelowLogStart: boolean;
}

export interface GroupLag {
  groupId: string;
  /** Kafka's group state: Stable, Empty, PreparingRebalance, CompletingRebalance, Dead, Unknown */
  state: string;
  members: GroupMember[];
  /** sum over the partitions */
  lagRecords: number;
  /** max over the partitions whose age is known */
  lagSeconds: number | null;
  /** the slowest lagging partition's estimate; null when one of them is not catching up */
  catchUpSeconds: number | null;
  /** some partition is falling behind */
  fallingBehind: boolean;
  /** partitions whose stuckSince is set */
  stuckPartitions: number;
  partitions: PartitionLag[];
}

export interface ConsumerLag {
  groups: GroupLag[];
  /** ISO time the offsets were read at */
  asOf?: string;
}

/** One partition of one group at one sampling time, as the lag history keeps it. */
export interface LagSample {
  time: string;
  groupId: string;
  topic: string;
  partition: number;
  committedOffset: number | null;
  highWatermark: number;
  lagRecords: number;
  lagSeconds: number | null;
}

/** A group's lag at one time: records summed over its partitions, seconds the worst known. */
export interface LagSeriesPoint {
  time: string;
  lagRecords: number;
  lagSeconds: number | null;
  partitions: number;
}

/** What `GET /api/lag/{groupId}/history` returns; an unknown group has no samples. */
export interface LagHistory {
  groupId: string;
  from: string;
  to: string;
  samples: LagSeriesPoint[];
}

export const groupIdSchema = z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, 'expected a consumer group id (letters, digits, . _ -)');

export const lagQuerySchema = z.strictObject({ group: groupIdSchema.optional() });

export type LagQuery = z.infer<typeof lagQuerySchema>;

const isoTime = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 time such as 2026-01-01T00:00:00Z' }).transform((t) => Date.parse(t));

/** `from`/`to` of a history request as epoch ms: the hour before `to` (default now) when absent. */
export const lagHistoryQuerySchema = z
  .strictObject({ from: isoTime.optional(), to: isoTime.optional() })
  .transform(({ from, to }, ctx) => {
    const toMs = to ?? Date.now();
    const fromMs = from ?? toMs - 3_600_000;
    if (fromMs > toMs) ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must not be after to' });
    return { fromMs, toMs };
  });

export type LagHistoryQuery = z.infer<typeof lagHistoryQuerySchema>;

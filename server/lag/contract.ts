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
  /** age of the oldest unconsumed record; null when that record is not in our store */
  lagSeconds: number | null;
  /** ISO time; stuck detection is not built yet, so always null */
  stuckSince: string | null;
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
  partitions: PartitionLag[];
}

export interface ConsumerLag {
  groups: GroupLag[];
}

export const lagQuerySchema = z.strictObject({
  group: z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, 'expected a consumer group id (letters, digits, . _ -)').optional(),
});

export type LagQuery = z.infer<typeof lagQuerySchema>;

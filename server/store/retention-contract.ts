/** How much history the store keeps (LENS_RETENTION_*), applied in the background by server/store/retention.ts. */
export interface RetentionPolicy {
  /**
   * Records go by whole days (UTC, Kafka time): a day goes once its end is more than this long ago. Null keeps any age.
   * Records without a usable timestamp (before 2000 or after 2100) go once they were stored that long ago… never, today.
   */
  maxAgeMs: number | null;
  /** the oldest days go while the store is larger than this; the newest day stays whatever its size. Null keeps any size */
  maxBytes: number | null;
  /** record ids (`topic:partition:offset`) kept whatever their age: open dead letters, records named by the audit log */
  keep: readonly string[];
  /** epoch ms; the current time unless a test says otherwise */
  now?: number;
}

export interface RetentionResult {
  deletedRecords: number;
  /** protected records that were due and kept */
  keptProtected: number;
  /** the store's size after the pass, as stats() reports it */
  sizeBytes: number;
  /** Kafka time of the oldest record left (ISO 8601), null when empty */
  oldestRecordAt: string | null;
  /** true when another instance was running a pass (shared stores): this one did nothing */
  skipped?: boolean;
}

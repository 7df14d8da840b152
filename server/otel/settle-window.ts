/**
 * Correlations waiting for their trace to settle: one is due `settleMs` after its last record arrived.
 * A Map keeps insertion order, and touching re-inserts, so the first entry is always the next one due.
 */
export interface SettleWindow {
  /** a record of this correlation arrived */
  touch(correlationId: string): void;
  /** removes and returns up to `limit` due correlations (all pending ones when `everything`); the oldest are due early past `maxPending` */
  takeDue(limit: number, everything?: boolean): string[];
  /** ms until the next correlation is due, or null when none is pending */
  nextDueInMs(): number | null;
  readonly size: number;
}

export function createSettleWindow(settleMs: number, maxPending: number, now: () => number = () => performance.now()): SettleWindow {
  const dueAt = new Map<string, number>();
  return {
    touch(correlationId) {
      dueAt.delete(correlationId);
      dueAt.set(correlationId, now() + settleMs);
    },
    takeDue(limit, everything = false) {
      const taken: string[] = [];
      const at = now();
      for (const [id, due] of dueAt) {
        if (taken.length >= limit) break;
        // a flood of correlations must not grow memory without bound: the oldest go before they settled
        if (!everything && due > at && dueAt.size - taken.length <= maxPending) break;
        taken.push(id);
      }
      for (const id of taken) dueAt.delete(id);
      return taken;
    },
    nextDueInMs() {
      const first = dueAt.values().next();
      if (first.done) return null;
      return dueAt.size > maxPending ? 0 : Math.max(0, first.value - now());
    },
    get size() {
      return dueAt.size;
    },
  };
}

/** Remembers the most recent `capacity` ids: enough to not export a span twice while its trace is still active. */
export function createRecentIds(capacity: number): { has(id: string): boolean; add(id: string): void } {
  const ids = new Set<string>();
  return {
    has: (id) => ids.has(id),
    add(id) {
      ids.delete(id);
      ids.add(id);
      if (ids.size > capacity) ids.delete(ids.values().next().value!);
    },
  };
}

/**
 * Failed sign-ins per key: past a key's free failures, each try must wait 1 s, 2 s, 4 s … up to 15 min.
 * A user name gets 4 free failures; a client address more, as many users may share one (NAT, a proxy).
 * Asynchronous, as a shared setup keeps the failures in the shared database (postgres-login-throttle.ts).
 */
export interface LoginThrottle {
  /** milliseconds until these keys may try again; 0 when they may now */
  waitMs(keys: readonly string[], now?: number): Promise<number>;
  failed(keys: readonly string[], now?: number): Promise<void>;
  succeeded(keys: readonly string[]): Promise<void>;
  /** lets go of what the throttle holds open (the shared database's connections) */
  close?(): Promise<void>;
}

export const userKey = (name: string) => `user:${name}`;
export const addressKey = (ip: string | null) => `ip:${ip ?? 'unknown'}`;
export const freeFailures = (key: string) => (key.startsWith('ip:') ? 20 : 4);
/** the longest wait; a key quiet for longer is forgiven */
export const maxWaitMs = 15 * 60_000;
const maxKeys = 10_000;

export interface Failures {
  count: number;
  lastAt: number;
}

export function lockoutMs(count: number, free = 4): number {
  return count <= free ? 0 : Math.min(1000 * 2 ** (count - free - 1), maxWaitMs);
}

/** a quiet period as long as the longest wait forgives everything */
export const isForgiven = (entry: Failures, now: number) => now - entry.lastAt > maxWaitMs;

/** Milliseconds `key` must still wait at `now` after its failures (none: 0). */
export function remainingMs(key: string, entry: Failures | undefined, now: number): number {
  return entry && !isForgiven(entry, now) ? Math.max(0, entry.lastAt + lockoutMs(entry.count, freeFailures(key)) - now) : 0;
}

/** The throttle of one process, in memory: what a single instance uses, and a shared one while its database is away. */
export function createLoginThrottle(): LoginThrottle {
  const failures = new Map<string, Failures>();
  const current = (key: string, now: number): Failures | undefined => {
    const entry = failures.get(key);
    if (entry && isForgiven(entry, now)) {
      failures.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    waitMs(keys, now = Date.now()) {
      return Promise.resolve(Math.max(0, ...keys.map((key) => remainingMs(key, current(key, now), now))));
    },
    failed(keys, now = Date.now()) {
      for (const key of keys) {
        const entry = current(key, now);
        failures.delete(key);
        failures.set(key, { count: (entry?.count ?? 0) + 1, lastAt: now });
      }
      // a flood of made-up user names must not grow memory without bound: the oldest go first
      for (const key of failures.keys()) {
        if (failures.size <= maxKeys) break;
        failures.delete(key);
      }
      return Promise.resolve();
    },
    succeeded(keys) {
      for (const key of keys) failures.delete(key);
      return Promise.resolve();
    },
  };
}

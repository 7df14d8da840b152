/**
 * Failed sign-ins per key: past a key's free failures, each try must wait 1 s, 2 s, 4 s … up to 15 min.
 * A user name gets 4 free failures; a client address more, as many users may share one (NAT, a proxy).
 */
export interface LoginThrottle {
  /** milliseconds until these keys may try again; 0 when they may now */
  waitMs(keys: readonly string[], now?: number): number;
  failed(keys: readonly string[], now?: number): void;
  succeeded(keys: readonly string[]): void;
}

export const userKey = (name: string) => `user:${name}`;
export const addressKey = (ip: string | null) => `ip:${ip ?? 'unknown'}`;
const freeFailures = (key: string) => (key.startsWith('ip:') ? 20 : 4);
const maxWaitMs = 15 * 60_000;
const maxKeys = 10_000;

interface Failures {
  count: number;
  lastAt: number;
}

export function lockoutMs(count: number, free = 4): number {
  return count <= free ? 0 : Math.min(1000 * 2 ** (count - free - 1), maxWaitMs);
}

export function createLoginThrottle(): LoginThrottle {
  const failures = new Map<string, Failures>();
  const current = (key: string, now: number): Failures | undefined => {
    const entry = failures.get(key);
    // a quiet period as long as the longest wait forgives everything
    if (entry && now - entry.lastAt > maxWaitMs) {
      failures.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    waitMs(keys, now = Date.now()) {
      return Math.max(0, ...keys.map((key) => {
        const entry = current(key, now);
        return entry ? entry.lastAt + lockoutMs(entry.count, freeFailures(key)) - now : 0;
      }));
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
    },
    succeeded(keys) {
      for (const key of keys) failures.delete(key);
    },
  };
}

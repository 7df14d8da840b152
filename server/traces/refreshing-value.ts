/**
 * A value read from somewhere slow (the consumer groups on the broker), kept for `freshMs` and then
 * served stale for up to `staleMs` while one background read refreshes it. Callers at the same time
 * share one read; a failed read keeps serving the last good value until it is too old.
 */
export interface RefreshingValue<T> {
  get(): Promise<T>;
}

export interface RefreshingValueOptions {
  freshMs: number;
  staleMs: number;
  now?: () => number;
  /** a background refresh failed (the stale value is still served) */
  onRefreshError?: (error: unknown) => void;
}

export function createRefreshingValue<T>(read: () => Promise<T>, options: RefreshingValueOptions): RefreshingValue<T> {
  const now = options.now ?? (() => performance.now());
  let last: { value: T; at: number } | null = null;
  let inFlight: Promise<T> | null = null;

  function refresh(): Promise<T> {
    inFlight ??= read()
      .then((value) => {
        last = { value, at: now() };
        return value;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  }

  return {
    get() {
      if (last !== null) {
        const age = now() - last.at;
        if (age < options.freshMs) return Promise.resolve(last.value);
        if (age < options.staleMs) {
          refresh().catch((error: unknown) => options.onRefreshError?.(error)); // the next caller retries; this one gets the stale value
          return Promise.resolve(last.value);
        }
      }
      return refresh();
    },
  };
}

/** What a graceful stop needs from the process; `process` itself in production, a fake in tests. */
export interface SignalTarget {
  once(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
  exit(code: number): void;
}

export interface ShutdownOptions {
  /** stops the collector (leaving its consumer group), flushes pending spans, closes the store */
  close: () => Promise<void>;
  /** a close that hangs must not keep the process alive */
  timeoutMs: number;
  onError?: (error: unknown) => void;
}

/**
 * On SIGTERM or SIGINT: close the runtime, then exit (143 / 130, as Next.js does), at the latest after
 * `timeoutMs`. Only installed when Next.js leaves the signals to us (`NEXT_MANUAL_SIG_HANDLE`): its own
 * handler exits as soon as the HTTP server closed, before the collector could leave its group.
 */
export function installGracefulShutdown(target: SignalTarget, options: ShutdownOptions): void {
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    const timer = setTimeout(() => target.exit(code), options.timeoutMs);
    timer.unref?.();
    options
      .close()
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        clearTimeout(timer);
        target.exit(code);
      });
  };
  target.once('SIGTERM', () => stop(143));
  target.once('SIGINT', () => stop(130));
}

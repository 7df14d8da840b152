import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createLogger } from './logger';

const log = createLogger('event-loop');

/**
 * Warns when the server stopped answering for a while: the longest event-loop delay of each `everyMs` window, when
 * above `warnMs`. Every request waits that long, so a slow page then has its cause in the log.
 */
export function watchEventLoop(everyMs = 5_000, warnMs = 1_000): () => void {
  const histogram = monitorEventLoopDelay({ resolution: 50 });
  histogram.enable();
  const timer = setInterval(() => {
    const maxMs = histogram.max / 1e6;
    if (maxMs > warnMs) log.warn('the event loop was blocked', { maxMs: Math.round(maxMs), p99Ms: Math.round(histogram.percentile(99) / 1e6) });
    histogram.reset();
  }, everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    histogram.disable();
  };
}

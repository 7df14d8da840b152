import type { RecordFilter, RecordView } from '../store/contract';
import { recordMatchesQuery } from '../store/match-record';
import type { Collector } from './collector';
import type { CollectorState } from './contract';

export interface RecordEventStreamOptions {
  collector: Pick<Collector, 'onRecords' | 'status'>;
  query: RecordFilter;
  /** the request's signal: aborting ends the stream and unsubscribes */
  signal?: AbortSignal;
  heartbeatMs?: number;
  statusPollMs?: number;
  /** records held for a slow client before the oldest are dropped (and an `overflow` frame says how many) */
  maxQueued?: number;
}

/** What a route answering with the stream sends: no caching, no proxy buffering. */
export const eventStreamHeaders = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
} as const;

const retryMs = 2_000;
const encoder = new TextEncoder();

/**
 * The live tail as server-sent events: `retry` and `event: ready` first, then `event: records` with
 * the matching records of each collector batch, `event: status` when the collector's state changes,
 * `event: overflow` with the number of records dropped for a client too slow to read them, and a
 * `: heartbeat` comment so proxies keep an idle connection. Frames are made only when the reader
 * pulls, so a slow client holds at most `maxQueued` records here.
 */
export function createRecordEventStream(options: RecordEventStreamOptions): ReadableStream<Uint8Array> {
  const { collector, query, signal } = options;
  const maxQueued = options.maxQueued ?? 5_000;
  const batches: RecordView[][] = [];
  let queued = 0;
  let skipped = 0;
  let heartbeatDue = false;
  let state: CollectorState = collector.status().state;
  let statusDue: CollectorState | null = null;
  let closed = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };

  const unsubscribe = collector.onRecords((records) => {
    const matching = records.filter((record) => recordMatchesQuery(record, query));
    if (matching.length === 0 || closed) return;
    batches.push(matching);
    queued += matching.length;
    dropOldestBeyond(maxQueued);
    notify();
  });

  function dropOldestBeyond(limit: number): void {
    while (queued > limit) {
      const oldest = batches[0]!;
      const drop = Math.min(oldest.length, queued - limit);
      if (drop === oldest.length) batches.shift();
      else batches[0] = oldest.slice(drop);
      queued -= drop;
      skipped += drop;
    }
  }

  const heartbeat = setInterval(() => {
    heartbeatDue = true;
    notify();
  }, options.heartbeatMs ?? 15_000);
  const statusPoll = setInterval(() => {
    const now = collector.status().state;
    if (now === state) return;
    state = now;
    statusDue = now;
    notify();
  }, options.statusPollMs ?? 1_000);
  heartbeat.unref();
  statusPoll.unref();

  /** The next frame to send, control frames before records; null when there is nothing yet. */
  function nextFrame(): string | null {
    if (statusDue !== null) {
      const frame = event('status', { state: statusDue, lastError: collector.status().lastError });
      statusDue = null;
      return frame;
    }
    if (skipped > 0) {
      const frame = event('overflow', { skipped });
      skipped = 0;
      return frame;
    }
    const batch = batches.shift();
    if (batch !== undefined) {
      queued -= batch.length;
      return event('records', batch);
    }
    if (heartbeatDue) {
      heartbeatDue = false;
      return ': heartbeat\n\n';
    }
    return null;
  }

  let close = () => {};
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        close = () => {
          if (closed) return;
          closed = true;
          unsubscribe();
          clearInterval(heartbeat);
          clearInterval(statusPoll);
          batches.length = 0;
          notify();
          try {
            controller.close();
          } catch {
            // already closed or errored by the reader
          }
        };
        controller.enqueue(encoder.encode(`retry: ${retryMs}\n${event('ready', { state })}`));
      },
      async pull(controller) {
        while (!closed) {
          const frame = nextFrame();
          if (frame !== null) {
            controller.enqueue(encoder.encode(frame));
            return;
          }
          await new Promise<void>((resolve) => (wake = resolve));
        }
      },
      cancel() {
        close();
      },
    },
    { highWaterMark: 1 },
  );
  if (signal?.aborted) close();
  else signal?.addEventListener('abort', () => close(), { once: true });
  return stream;
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data, bigintAsText)}\n\n`;
}

/** Tolerant decoders may hand over bigints, which JSON.stringify refuses. */
function bigintAsText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

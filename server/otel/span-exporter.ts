import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { LensConfig } from '../config';
import { linkRecordsIntoTrace, type ServiceConsumption } from '../link';
import type { RecordView } from '../store/contract';
import { createLogger } from '../telemetry/logger';
import { readConsumption, readCorrelationRecords, type ReadTraceDeps } from '../traces/read-trace';
import { createReadableSpanFactory } from './readable-spans';
import { spansOfTrace } from './record-spans';
import { sendSpans } from './send-spans';
import { createRecentIds, createSettleWindow } from './settle-window';

const log = createLogger('otel');

export interface SpanExportOptions {
  config: NonNullable<LensConfig['otel']>;
  traces: ReadTraceDeps;
  /** the OTLP exporter built from `config` unless given */
  exporter?: SpanExporter;
  maxAttempts?: number;
  retryDelayMs?: number;
}

export interface SpanExport {
  /** the collector's live feed: each stored record's correlation is exported once it settled */
  offer(records: readonly RecordView[]): void;
  /** exports every pending correlation now, without waiting for it to settle */
  flush(): Promise<void>;
  /** flushes, then closes the exporter; later offers are ignored */
  shutdown(): Promise<void>;
}

const correlationsPerRound = 50;
const maxPendingCorrelations = 10_000;
const maxPendingUndecodable = 10_000;
const maxRecordsPerTrace = 10_000;
const rememberedSpans = 200_000;

/**
 * Exports stored records as OpenTelemetry spans over OTLP/HTTP. Linking needs a trace's earlier records, so a
 * correlation waits until no record of it arrived for `settleMs`, is then read back from the store, linked, and
 * its spans not exported before are sent; a later record of it starts a new window and sends only the new spans.
 */
export function createSpanExport(options: SpanExportOptions): SpanExport {
  const { config, traces } = options;
  const exporter = options.exporter ?? new OTLPTraceExporter({ url: config.tracesUrl, headers: config.headers, timeoutMillis: 10_000 });
  const window = createSettleWindow(config.settleMs, maxPendingCorrelations);
  const exported = createRecentIds(rememberedSpans);
  const toReadable = createReadableSpanFactory();
  let undecodable: RecordView[] = [];
  let droppedUndecodable = 0;
  let timer: NodeJS.Timeout | null = null;
  let draining: Promise<void> | null = null;
  let flushing = false;
  let stopped = false;

  function schedule(): void {
    if (timer || draining || stopped) return;
    const dueInMs = undecodable.length > 0 ? 0 : window.nextDueInMs();
    if (dueInMs === null) return;
    // Node's timers may fire a fraction of a millisecond early, before the correlation is due
    timer = setTimeout(() => {
      timer = null;
      void drain();
    }, Math.ceil(dueInMs) + 1);
    timer.unref();
  }

  async function spansOfCorrelation(correlationId: string, consumption: ServiceConsumption): Promise<ReadableSpan[]> {
    const { records } = await readCorrelationRecords(traces.store, correlationId, maxRecordsPerTrace);
    if (records.length === 0) return [];
    return spansOfTrace(linkRecordsIntoTrace(records, consumption, { correlationId }), records).map(toReadable);
  }

  // an undecodable record names no correlation: it becomes a trace of its own
  function spansOfUndecodable(view: RecordView): ReadableSpan[] {
    const trace = linkRecordsIntoTrace([view], { topicsByService: {} }, { correlationId: `undecodable:${view.id}` });
    return spansOfTrace(trace, [view]).map(toReadable);
  }

  async function exportNew(spans: readonly ReadableSpan[]): Promise<void> {
    const key = (span: ReadableSpan): string => `${span.spanContext().traceId}/${span.spanContext().spanId}`;
    const fresh = spans.filter((span) => !exported.has(key(span)));
    if (fresh.length === 0) return;
    const sent = await sendSpans(exporter, fresh, {
      batchSize: 512,
      maxAttempts: options.maxAttempts ?? 3,
      retryDelayMs: options.retryDelayMs ?? 1000,
      log,
      patient: () => !flushing,
    });
    for (const span of sent) exported.add(key(span));
  }

  /** One round: up to 50 settled correlations and the undecodable records; false when nothing was due. */
  async function exportDueRound(): Promise<boolean> {
    const due = window.takeDue(correlationsPerRound, flushing);
    const broken = undecodable;
    undecodable = [];
    if (droppedUndecodable > 0) {
      log.warn('too many undecodable records waiting for export; some were not exported', { dropped: droppedUndecodable });
      droppedUndecodable = 0;
    }
    if (due.length === 0 && broken.length === 0) return false;
    const consumption = due.length > 0 ? ((await readConsumption(traces, 5000)) ?? { topicsByService: {} }) : { topicsByService: {} };
    const spans: ReadableSpan[] = broken.flatMap(spansOfUndecodable);
    for (const correlationId of due) {
      try {
        spans.push(...(await spansOfCorrelation(correlationId, consumption)));
      } catch (error) {
        log.warn('cannot read a trace to export', { correlationId, error });
      }
    }
    await exportNew(spans);
    return true;
  }

  function drain(): Promise<void> {
    draining ??= (async () => {
      try {
        while (await exportDueRound());
      } catch (error) {
        log.error('span export round failed', { error });
      } finally {
        draining = null;
        schedule();
      }
    })();
    return draining;
  }

  async function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    flushing = true;
    try {
      await draining;
      await drain();
      await exporter.forceFlush?.();
    } finally {
      flushing = false;
    }
  }

  return {
    offer(records) {
      if (stopped) return;
      for (const view of records) {
        if (view.record) window.touch(view.record.correlation_id);
        else if (undecodable.length < maxPendingUndecodable) undecodable.push(view);
        else droppedUndecodable += 1;
      }
      schedule();
    },
    flush,
    async shutdown() {
      if (stopped) return;
      await flush();
      stopped = true;
      await exporter.shutdown().catch((error: unknown) => log.warn('OTLP exporter shutdown failed', { error }));
    },
  };
}

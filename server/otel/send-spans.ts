import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { Logger } from '../telemetry/logger';

export interface SendOptions {
  /** spans per OTLP request */
  batchSize: number;
  /** tries per batch, the first included */
  maxAttempts: number;
  /** wait before try n+1: n × this */
  retryDelayMs: number;
  log: Logger;
  /** false once shutting down: remaining retries go without waiting */
  patient: () => boolean;
}

function exportOnce(exporter: SpanExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => {
    try {
      exporter.export(spans, resolve);
    } catch (error) {
      resolve({ code: ExportResultCode.FAILED, error: error as Error });
    }
  });
}

/**
 * Sends spans in batches, retrying a failed batch a bounded number of times, then dropping it with a log line.
 * Never throws. Errors are logged by name and message only: an OTLP error never carries our header values.
 */
export async function sendSpans(exporter: SpanExporter, spans: readonly ReadableSpan[], options: SendOptions): Promise<ReadableSpan[]> {
  const sent: ReadableSpan[] = [];
  for (let start = 0; start < spans.length; start += options.batchSize) {
    const batch = spans.slice(start, start + options.batchSize);
    for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
      const result = await exportOnce(exporter, batch);
      if (result.code === ExportResultCode.SUCCESS) {
        sent.push(...batch);
        break;
      }
      const last = attempt === options.maxAttempts;
      const fields = { spans: batch.length, attempt, maxAttempts: options.maxAttempts, error: result.error };
      if (last) options.log.error('OTLP receiver refused spans; dropping them', fields);
      else {
        options.log.warn('OTLP receiver refused spans; retrying', fields);
        if (options.patient()) await new Promise((resolve) => setTimeout(resolve, attempt * options.retryDelayMs).unref());
      }
    }
  }
  return sent;
}

import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { afterAll, describe, expect, it } from 'vitest';
import type { KafkaAccess, KafkaAdmin } from '../kafka';
import { closeSharedAdmin } from '../kafka/shared-admin';
import { spanIdFromRecordUuid } from '../link';
import { correlationId, undecodableView } from '../link/trace-records.fixture';
import type { RecordQuery, RecordView } from '../store/contract';
import { createSpanExport } from './span-exporter';
import { aRequest, aResponse, anEvent } from './unique-views.fixture';

/** Records the spans it was given; fails the first `failures` calls. */
function fakeExporter(failures = 0): SpanExporter & { calls: ReadableSpan[][] } {
  const calls: ReadableSpan[][] = [];
  return {
    calls,
    export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
      calls.push(spans);
      const failed = calls.length <= failures;
      setImmediate(() => done(failed ? { code: ExportResultCode.FAILED, error: new Error('503 Service Unavailable') } : { code: ExportResultCode.SUCCESS }));
    },
    shutdown: () => Promise.resolve(),
  };
}

function setup(stored: RecordView[], exporter: SpanExporter, settleMs = 100) {
  const store = {
    queryRecords: (query: RecordQuery) => Promise.resolve({ items: stored.filter((v) => v.record?.correlation_id === query.correlationId), nextCursor: null }),
  };
  const admin = { listGroups: () => Promise.resolve([]), fetchAllCommittedOffsets: () => Promise.resolve([]), close: () => Promise.resolve() };
  const kafka = { connectAdmin: () => Promise.resolve(admin as unknown as KafkaAdmin) } as unknown as KafkaAccess;
  return createSpanExport({ config: { tracesUrl: 'http://127.0.0.1:1/v1/traces', headers: {}, settleMs }, traces: { store, kafka, collectorGroupId: 'lens' }, exporter, retryDelayMs: 10 });
}

const spanIds = (calls: ReadableSpan[][]): string[] => calls.flat().map((span) => span.spanContext().spanId);
const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
};

afterAll(closeSharedAdmin);

describe('createSpanExport', () => {
  it('exports a correlation once it settled, and later only its new spans', async () => {
    const request = aRequest('orders', 'billing', 'ChargeCustomer', 0);
    const stored = [request];
    const exporter = fakeExporter();
    const spans = setup(stored, exporter);
    spans.offer([request]);
    expect(exporter.calls).toHaveLength(0);
    await until(() => exporter.calls.length === 1);
    expect(spanIds(exporter.calls)).toEqual([spanIdFromRecordUuid(request.record!.uuid)]);

    const response = aResponse(request, 20);
    stored.push(response);
    spans.offer([response]);
    await until(() => exporter.calls.length === 2);
    expect(exporter.calls[1]!.map((span) => span.spanContext().spanId)).toEqual([spanIdFromRecordUuid(response.record!.uuid)]);
    expect(exporter.calls[1]![0]!.parentSpanContext?.spanId).toBe(spanIdFromRecordUuid(request.record!.uuid));
    await spans.shutdown();
  });

  it('retries a refused batch a bounded number of times, then goes on with the next', async () => {
    const first = anEvent('orders', 'OrderPlaced', 0);
    const exporter = fakeExporter(3);
    const spans = setup([first], exporter, 60_000);
    spans.offer([first]);
    await spans.flush();
    expect(exporter.calls).toHaveLength(3);

    const second = anEvent('orders', 'OrderPlaced', 10, { record: { correlation_id: `${correlationId}-2` } });
    const retried = setup([second], exporter, 60_000);
    retried.offer([second]);
    await retried.flush();
    expect(exporter.calls).toHaveLength(4);
    expect(exporter.calls[3]![0]!.spanContext().spanId).toBe(spanIdFromRecordUuid(second.record!.uuid));
  });

  it('exports an undecodable record at once, as an error span of its own trace', async () => {
    const exporter = fakeExporter();
    const spans = setup([], exporter, 60_000);
    spans.offer([undecodableView('orders-events', 0, 'not JSON')]);
    await until(() => exporter.calls.length === 1);
    expect(exporter.calls[0]![0]!.status).toEqual({ code: 2, message: 'undecodable: not JSON' });
    await spans.shutdown();
    spans.offer([undecodableView('orders-events', 1)]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(exporter.calls).toHaveLength(1);
  });
});

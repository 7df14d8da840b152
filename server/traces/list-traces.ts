import { traceIdFromCorrelationId, traceparentOf } from '../link';
import type { RecordStore, StoredTraceSummary, TraceListQuery } from '../store/contract';
import type { TraceListPage, TraceSummary } from './contract';

function toTraceSummary(stored: StoredTraceSummary): TraceSummary {
  const { correlationId, startedAt, endedAt, durationMs, recordCount, services, rootName, status } = stored;
  const traced = stored.traceparent === null ? null : traceparentOf([{ key: 'traceparent', value: stored.traceparent, encoding: 'utf8' }]);
  // the same trace id as readTrace gives the trace: the services' own when they propagate W3C context
  const traceId = traced?.traceId ?? traceIdFromCorrelationId(correlationId);
  return { correlationId, traceId, startedAt, endedAt, durationMs, recordCount, services, rootName, status };
}

/** Recent traces, newest first, from the store's per-correlation summaries. */
export async function listTraces(store: Pick<RecordStore, 'listTraces'>, query: TraceListQuery): Promise<TraceListPage> {
  const page = await store.listTraces(query);
  return { items: page.items.map(toTraceSummary), nextCursor: page.nextCursor };
}

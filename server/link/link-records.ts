import type { RecordView } from '../store/contract';
import { buildTraceRoots, errorOf } from './build-tree';
import { chooseParents } from './choose-parents';
import { collapseRepeatedSiblings } from './collapse-siblings';
import type { LinkOptions, ServiceConsumption, Trace } from './contract';
import { traceIdFromCorrelationId } from './otel-ids';
import { findParentOptions } from './parent-options';
import { createServiceNaming } from './service-naming';
import { collectTraceEntries, type TraceEntry } from './trace-entries';

const defaultSkewToleranceMs = 2000;
const defaultCollapseAbove = 20;

function traceIdOf(correlationId: string, entries: readonly TraceEntry[]): string {
  // services that propagate W3C context already named the trace; keep their id so spans join
  const traced = entries.find((entry) => entry.traceparent !== null);
  return traced?.traceparent?.traceId ?? traceIdFromCorrelationId(correlationId);
}

/**
 * Links the records of one correlation into causal trees (protocol doc §4.3): exact edges from `request_uuid`
 * and `traceparent`, the others inferred from what each service consumed. Pure; records may come in any order.
 */
export function linkRecordsIntoTrace(records: readonly RecordView[], consumption: ServiceConsumption, options: LinkOptions = {}): Trace {
  const naming = createServiceNaming(consumption);
  const { correlationId, entries } = collectTraceEntries(records, naming, options.correlationId);
  const parentOptions = findParentOptions(entries, naming, options.clockSkewToleranceMs ?? defaultSkewToleranceMs);
  const chosen = chooseParents(entries, parentOptions);
  const deadLetters = options.deadLetters ?? {};
  const roots = collapseRepeatedSiblings(buildTraceRoots(entries, chosen, deadLetters), options.collapseAbove ?? defaultCollapseAbove);
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const services = new Set<string>();
  let failed = false;
  for (const entry of entries) {
    first = Math.min(first, entry.timestamp);
    last = Math.max(last, entry.timestamp);
    if (entry.service !== null) services.add(entry.service);
    failed ||= errorOf(entry, deadLetters) !== undefined;
  }
  return {
    correlationId,
    traceId: traceIdOf(correlationId, entries),
    startedAt: entries.length > 0 ? new Date(first).toISOString() : new Date(0).toISOString(),
    durationMs: entries.length > 0 ? last - first : 0,
    services: [...services].sort(),
    status: failed ? 'error' : 'ok',
    recordCount: entries.length,
    roots,
  };
}

import { linkRules, type EdgeConfidence, type LinkRule } from './contract';
import type { ServiceNaming } from './service-naming';
import type { TraceEntry } from './trace-entries';

/** A possible parent of a record, in order of preference. */
export type ParentOption =
  | { parent: TraceEntry; edge: 'exact' | 'inferred'; rule: LinkRule; confidence: EdgeConfidence }
  | { missingRequestUuid: string; edge: 'orphan'; rule: LinkRule; confidence: EdgeConfidence };

interface Consumed {
  entry: TraceEntry;
  rule: LinkRule;
}

const ruleConfidence: Partial<Record<LinkRule, EdgeConfidence>> = {
  [linkRules.requestHandled]: 'high',
  [linkRules.responseReceived]: 'medium',
  [linkRules.eventConsumed]: 'medium',
};

/** What each service consumed, in time order (protocol §4.3 "consumed by S"). */
function consumedByService(entries: readonly TraceEntry[], naming: ServiceNaming): Map<string, Consumed[]> {
  const consumed = new Map<string, Consumed[]>();
  const add = (service: string, entry: TraceEntry, rule: LinkRule): void => {
    const list = consumed.get(service) ?? [];
    list.push({ entry, rule });
    consumed.set(service, list);
  };
  for (const entry of entries) {
    const record = entry.record;
    if (!record) continue;
    if (record.type === 'REQUEST') {
      const owner = naming.ownerOfTopic(entry.view.topic);
      const target = owner?.role === 'requests' ? owner.service : naming.serviceOfUrn(record.namespace);
      add(target, entry, linkRules.requestHandled);
    } else if (record.type === 'RESPONSE') {
      if (record.destination !== undefined) add(naming.serviceOfUrn(record.destination), entry, linkRules.responseReceived);
    } else {
      for (const reader of naming.readersOfTopic(entry.view.topic)) add(reader, entry, linkRules.eventConsumed);
    }
  }
  return consumed;
}

/** Index in `list` of the last item for which `isBefore` holds, or -1 (the list is in time order). */
function lastWhere(list: readonly Consumed[], isBefore: (item: Consumed) => boolean): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isBefore(list[middle]!)) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

function requestOption(response: TraceEntry, byUuid: ReadonlyMap<string, TraceEntry>): ParentOption | null {
  const record = response.record;
  const requestUuid = record?.request_uuid;
  if (record?.type !== 'RESPONSE' || requestUuid === undefined || requestUuid === record.uuid) return null;
  const request = byUuid.get(requestUuid);
  if (!request?.record) return { missingRequestUuid: requestUuid, edge: 'orphan', rule: linkRules.missingRequest, confidence: 'certain' };
  const rule =
    record.destination !== request.record.source
      ? linkRules.requestUuidDestinationMismatch
      : record.namespace !== request.record.namespace
        ? linkRules.requestUuidNamespaceMismatch
        : linkRules.requestUuid;
  return { parent: request, edge: 'exact', rule, confidence: rule === linkRules.requestUuid ? 'certain' : 'medium' };
}

// a service that keeps the consumed record's trace context writes that span id again: the first record with a
// span id owns it, and another service's record carrying it was produced while handling it
function traceparentOption(entry: TraceEntry, spanOwners: ReadonlyMap<string, TraceEntry>): ParentOption | null {
  const own = entry.traceparent;
  const owner = own ? spanOwners.get(own.spanId) : undefined;
  if (!own || !owner || owner === entry || owner.service === entry.service) return null;
  if (owner.traceparent?.traceId !== own.traceId) return null;
  return { parent: owner, edge: 'exact', rule: linkRules.traceparent, confidence: 'high' };
}

/** Builds, for each entry (by index), its parent options: exact first, then the latest consumed record, then later ones within the skew tolerance. */
export function findParentOptions(entries: readonly TraceEntry[], naming: ServiceNaming, skewToleranceMs: number): ParentOption[][] {
  const byUuid = new Map<string, TraceEntry>();
  const spanOwners = new Map<string, TraceEntry>();
  for (const entry of entries) {
    if (entry.record) byUuid.set(entry.record.uuid, entry);
    if (entry.ownsSpan && entry.traceparent) spanOwners.set(entry.traceparent.spanId, entry);
  }
  const consumed = consumedByService(entries, naming);
  return entries.map((entry) => {
    const options: ParentOption[] = [];
    const exact = requestOption(entry, byUuid);
    if (exact) options.push(exact);
    if (exact?.edge === 'orphan') return options;
    const traced = traceparentOption(entry, spanOwners);
    if (traced) options.push(traced);
    const list = entry.service === null ? undefined : consumed.get(entry.service);
    if (!list) return options;
    // records of the same millisecond count as earlier, whatever their order on different topics
    let latest = lastWhere(list, (item) => item.entry.timestamp <= entry.timestamp);
    if (latest >= 0 && list[latest]!.entry === entry) latest -= 1;
    const inferred = (item: Consumed): ParentOption => ({
      parent: item.entry,
      edge: 'inferred',
      rule: item.rule,
      confidence: item.entry.timestamp > entry.timestamp ? 'low' : (ruleConfidence[item.rule] ?? 'medium'),
    });
    if (latest >= 0) options.push(inferred(list[latest]!));
    if (latest >= 0 && list[latest]!.entry.index > entry.index) {
      const before = lastWhere(list, (item) => item.entry.index < entry.index);
      if (before >= 0) options.push(inferred(list[before]!));
    }
    for (let next = latest + 1; next < list.length && next <= latest + 5; next++) {
      const item = list[next]!;
      if (item.entry.timestamp - entry.timestamp > skewToleranceMs) break;
      if (item.entry !== entry) options.push(inferred(item));
    }
    return options;
  });
}

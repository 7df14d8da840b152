import { linkRules, type MissingRequestNode, type TraceNode, type TraceRecordNode } from './contract';
import { spanIdFromRecordUuid } from './otel-ids';
import type { ParentOption } from './parent-options';
import type { TraceEntry } from './trace-entries';

const requestUuidRules: ReadonlySet<string> = new Set([
  linkRules.requestUuid,
  linkRules.requestUuidDestinationMismatch,
  linkRules.requestUuidNamespaceMismatch,
]);

export type DeadLetterReasons = Readonly<Record<string, string>>;

/** Why a hop failed, or undefined; a dead-lettered copy of the record counts too. */
export function errorOf(entry: TraceEntry, deadLetters: DeadLetterReasons): string | undefined {
  const deadLettered = Object.hasOwn(deadLetters, entry.view.id) ? entry.view.id : entry.duplicateIds.find((id) => Object.hasOwn(deadLetters, id));
  if (deadLettered !== undefined) return `dead-lettered: ${deadLetters[deadLettered]}`;
  if (entry.view.kind === 'undecodable') return `undecodable: ${entry.view.error ?? 'unknown reason'}`;
  const record = entry.record;
  if (record?.type !== 'RESPONSE' || record.ok !== false) return undefined;
  const code = record.error_code === null || record.error_code === undefined ? '' : ` (code ${record.error_code})`;
  const message = record.error_message ? `: ${record.error_message}` : '';
  return `response not ok${code}${message}`;
}

function recordNode(entry: TraceEntry, option: ParentOption | null, deadLetters: DeadLetterReasons): TraceRecordNode {
  const { view, record } = entry;
  const node: TraceRecordNode = {
    type: 'record',
    id: view.id,
    uuid: record?.uuid ?? null,
    kind: view.kind,
    name: record?.name ?? null,
    source: record?.source ?? null,
    service: entry.service,
    topic: view.topic,
    timestamp: entry.timestamp,
    waitMs: null,
    processingMs: null,
    spanId: entry.ownsSpan && entry.traceparent ? entry.traceparent.spanId : spanIdFromRecordUuid(record?.uuid ?? view.id),
    edge: option?.edge ?? 'root',
    children: [],
  };
  if (option) {
    node.rule = option.rule;
    node.confidence = option.confidence;
    if (option.edge !== 'orphan' && option.parent.timestamp > entry.timestamp) node.clockSkewMs = option.parent.timestamp - entry.timestamp;
  }
  const error = errorOf(entry, deadLetters);
  if (error !== undefined) node.error = error;
  if (entry.duplicateIds.length > 0) node.duplicateIds = [...entry.duplicateIds];
  return node;
}

function fillTimings(node: TraceRecordNode): void {
  let firstChild = Number.POSITIVE_INFINITY;
  let firstResponse = Number.POSITIVE_INFINITY;
  for (const child of node.children) {
    firstChild = Math.min(firstChild, child.timestamp);
    if (child.type === 'record' && child.rule !== undefined && requestUuidRules.has(child.rule)) {
      firstResponse = Math.min(firstResponse, child.timestamp);
    }
  }
  // a child dated before its parent (clock skew) reacted at once, not in negative time
  if (Number.isFinite(firstChild)) node.waitMs = Math.max(0, firstChild - node.timestamp);
  if (node.kind === 'request' && Number.isFinite(firstResponse)) node.processingMs = Math.max(0, firstResponse - node.timestamp);
}

/** Hangs every entry under its chosen parent (or a placeholder for a missing request); roots in time order. */
export function buildTraceRoots(
  entries: readonly TraceEntry[],
  chosen: readonly (ParentOption | null)[],
  deadLetters: DeadLetterReasons,
): TraceNode[] {
  const nodes = entries.map((entry) => recordNode(entry, chosen[entry.index] ?? null, deadLetters));
  const roots: TraceNode[] = [];
  const placeholders = new Map<string, MissingRequestNode>();
  for (const entry of entries) {
    const node = nodes[entry.index]!;
    const option = chosen[entry.index];
    if (!option) {
      roots.push(node);
    } else if (option.edge === 'orphan') {
      let placeholder = placeholders.get(option.missingRequestUuid);
      if (!placeholder) {
        const uuid = option.missingRequestUuid;
        placeholder = { type: 'missing-request', id: `missing-request:${uuid}`, kind: 'request', requestUuid: uuid, timestamp: node.timestamp, edge: 'root', children: [] };
        placeholders.set(uuid, placeholder);
        roots.push(placeholder);
      }
      placeholder.children.push(node);
    } else {
      nodes[option.parent.index]!.children.push(node);
    }
  }
  for (const node of nodes) fillTimings(node);
  return roots;
}

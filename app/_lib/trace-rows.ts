import type { CollapsedGroupNode, TraceNode, TraceRecordNode } from '@/server/link/contract';

/** One visible line of the trace tree. */
export interface TraceRow {
  node: TraceNode;
  depth: number;
  /** has children (or, for a collapsed group, members) to show or hide */
  expandable: boolean;
  expanded: boolean;
  /** this row is a member of an opened collapsed group */
  inGroup: boolean;
}

/**
 * What the viewer changed: record nodes are open unless closed; collapsed sibling groups are closed unless opened.
 * Both sets hold node ids, which are unique within a trace.
 */
export interface TreeToggles {
  closed: ReadonlySet<string>;
  openedGroups: ReadonlySet<string>;
}

export const noToggles: TreeToggles = { closed: new Set(), openedGroups: new Set() };

function childrenOf(node: TraceNode): readonly TraceNode[] {
  return node.type === 'collapsed' ? node.members : node.children;
}

export function isExpanded(node: TraceNode, toggles: TreeToggles): boolean {
  return node.type === 'collapsed' ? toggles.openedGroups.has(node.id) : !toggles.closed.has(node.id);
}

/** Flips one node's state, leaving the others as they were. */
export function toggleNode(toggles: TreeToggles, node: TraceNode): TreeToggles {
  const flip = (set: ReadonlySet<string>) => {
    const next = new Set(set);
    if (!next.delete(node.id)) next.add(node.id);
    return next;
  };
  return node.type === 'collapsed' ? { ...toggles, openedGroups: flip(toggles.openedGroups) } : { ...toggles, closed: flip(toggles.closed) };
}

/** Every expandable record node closed (or all open again), for "collapse all" and "expand all". */
export function closeAll(roots: readonly TraceNode[]): TreeToggles {
  const closed = new Set<string>();
  const pending = [...roots];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node.type !== 'collapsed' && node.children.length > 0) closed.add(node.id);
    pending.push(...childrenOf(node));
  }
  return { closed, openedGroups: new Set() };
}

/** The rows to draw, depth first in tree order; iterative, as a trace can be 10,000 levels deep. */
export function visibleTraceRows(roots: readonly TraceNode[], toggles: TreeToggles): TraceRow[] {
  const rows: TraceRow[] = [];
  const pending: { node: TraceNode; depth: number; inGroup: boolean }[] = [];
  const pushChildren = (nodes: readonly TraceNode[], depth: number, inGroup: boolean) => {
    for (let i = nodes.length - 1; i >= 0; i--) pending.push({ node: nodes[i]!, depth, inGroup });
  };
  pushChildren(roots, 0, false);
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { node, depth, inGroup } = item;
    const children = childrenOf(node);
    const expanded = isExpanded(node, toggles);
    rows.push({ node, depth, expandable: children.length > 0, expanded, inGroup });
    if (expanded) pushChildren(children, depth + 1, node.type === 'collapsed');
  }
  return rows;
}

/** Where on the shared time axis a row's bar goes, in fractions of the axis (0..1). */
export interface WaterfallBar {
  /** when the record was written */
  start: number;
  /** until the next service reacted (its first child), when that came before any response */
  wait: number;
  /** for a request: from that reaction (or from the request, when the response was the first reaction) until its response */
  processing: number;
}

export interface TimeAxis {
  start: number;
  /** > 0 */
  span: number;
}

function endOf(node: TraceNode): number {
  if (node.type === 'collapsed') return node.lastTimestamp;
  if (node.type === 'missing-request') return node.timestamp;
  return node.timestamp + Math.max(node.waitMs ?? 0, node.processingMs ?? 0);
}

/** One time axis for the whole trace: from its first record to the last moment any bar reaches. */
export function traceTimeAxis(roots: readonly TraceNode[]): TimeAxis {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  const pending = [...roots];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    start = Math.min(start, node.timestamp);
    end = Math.max(end, endOf(node));
    pending.push(...childrenOf(node));
  }
  if (!Number.isFinite(start)) return { start: 0, span: 1 };
  return { start, span: Math.max(1, end - start) };
}

export function waterfallBar(node: TraceNode, axis: TimeAxis): WaterfallBar {
  const at = (ms: number) => Math.min(1, Math.max(0, (ms - axis.start) / axis.span));
  const start = at(node.timestamp);
  if (node.type === 'collapsed') return { start, wait: at(node.lastTimestamp) - start, processing: 0 };
  if (node.type === 'missing-request') return { start, wait: 0, processing: 0 };
  const waitMs = node.waitMs ?? 0;
  if (node.processingMs === null) return { start, wait: at(node.timestamp + waitMs) - start, processing: 0 };
  // a request whose first reaction is its response: when its handler began is unknown, so it is all processing
  const reacted = node.timestamp + (waitMs < node.processingMs ? waitMs : 0);
  return { start, wait: at(reacted) - start, processing: at(node.timestamp + node.processingMs) - at(reacted) };
}

/** A duration as people read it: 840 ms, 12.4 s, 3 min 05 s. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return minutes < 60 ? `${minutes} min ${String(seconds).padStart(2, '0')} s` : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function isFailed(node: TraceNode): boolean {
  if (node.type === 'record') return node.error !== undefined;
  return node.type === 'collapsed' && node.errorCount > 0;
}

/** The hover text of the edge into a node: solid exact edges say why they are certain, dashed inferred ones how sure. */
export function edgeTitle(node: TraceRecordNode | CollapsedGroupNode): string {
  if (node.edge === 'root') return 'root: no record of the trace caused it';
  if (node.type === 'collapsed') return `${node.edge} edges, ${node.count} siblings folded into one group`;
  const rule = node.rule ? `: ${node.rule}` : '';
  const confidence = node.confidence ? ` (confidence ${node.confidence})` : '';
  const skew = node.clockSkewMs ? `; parent dated ${node.clockSkewMs} ms later (clock skew)` : '';
  return `${node.edge}${rule}${confidence}${skew}`;
}

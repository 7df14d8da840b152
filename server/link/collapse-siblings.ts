import type { CollapsedGroupNode, TraceNode, TraceRecordNode } from './contract';

function groupKey(node: TraceRecordNode): string {
  return `${node.kind}\u0000${node.name ?? ''}\u0000${node.service ?? node.source ?? ''}`;
}

function collapsedGroup(parentId: string, members: TraceRecordNode[]): CollapsedGroupNode {
  const first = members[0]!;
  return {
    type: 'collapsed',
    id: `collapsed:${parentId}:${first.id}`,
    kind: first.kind,
    name: first.name,
    source: first.source,
    service: first.service,
    count: members.length,
    memberIds: members.map((member) => member.id),
    members,
    timestamp: first.timestamp,
    lastTimestamp: members[members.length - 1]!.timestamp,
    errorCount: members.filter((member) => member.error !== undefined).length,
    // a group mixing exact and inferred edges is only as sure as its weakest
    edge: members.every((member) => member.edge === first.edge) ? first.edge : 'inferred',
    children: [],
  };
}

/** Folds more than `above` siblings of one kind, name and service into one group, where the first of them stood. */
function collapseLevel(parentId: string, siblings: TraceNode[], above: number): TraceNode[] {
  const groups = new Map<string, TraceRecordNode[]>();
  for (const node of siblings) {
    if (node.type !== 'record') continue;
    const key = groupKey(node);
    const group = groups.get(key);
    if (group) group.push(node);
    else groups.set(key, [node]);
  }
  const folded = new Map<TraceRecordNode, CollapsedGroupNode | null>();
  for (const members of groups.values()) {
    if (members.length <= above) continue;
    members.forEach((member, position) => folded.set(member, position === 0 ? collapsedGroup(parentId, members) : null));
  }
  if (folded.size === 0) return siblings;
  const result: TraceNode[] = [];
  for (const node of siblings) {
    if (node.type !== 'record' || !folded.has(node)) result.push(node);
    else {
      const group = folded.get(node);
      if (group) result.push(group);
    }
  }
  return result;
}

/** Collapses repeated siblings at every level, members' subtrees included; iterative, as traces can be 10,000 deep. */
export function collapseRepeatedSiblings(roots: TraceNode[], above: number): TraceNode[] {
  const collapsedRoots = collapseLevel('root', roots, above);
  const pending: TraceNode[] = [...collapsedRoots];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node.type !== 'collapsed') node.children = collapseLevel(node.id, node.children, above);
    for (const next of node.type === 'collapsed' ? node.members : node.children) pending.push(next);
  }
  return collapsedRoots;
}

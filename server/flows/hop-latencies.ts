import type { Trace, TraceNode } from '../link';

/** One observed hop: `producer` wrote a record that `consumer` reacted to by writing its next record `latencyMs` later. */
export interface HopSample {
  producer: string;
  consumer: string;
  name: string | null;
  topic: string;
  latencyMs: number;
  correlationId: string;
}

/**
 * The hops of one linked trace: for each record and each service that reacted to it (its children in the causal tree,
 * exact or inferred), the time to that service's first such record. Clock skew never makes a hop negative.
 */
export function hopsOfTrace(trace: Trace): HopSample[] {
  const hops: HopSample[] = [];
  const stack: TraceNode[] = [...trace.roots];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const children: TraceNode[] = node.type === 'collapsed' ? node.members : node.children;
    stack.push(...children);
    if (node.type !== 'record' || node.service === null) continue;
    const firstByConsumer = new Map<string, number>();
    for (const child of children) {
      if (child.type === 'missing-request' || child.service === null || (child.edge !== 'exact' && child.edge !== 'inferred')) continue;
      const first = firstByConsumer.get(child.service);
      if (first === undefined || child.timestamp < first) firstByConsumer.set(child.service, child.timestamp);
    }
    for (const [consumer, timestamp] of firstByConsumer) {
      hops.push({ producer: node.service, consumer, name: node.name, topic: node.topic, latencyMs: Math.max(0, timestamp - node.timestamp), correlationId: trace.correlationId });
    }
  }
  return hops;
}

/** Nearest-rank percentile (`p` in 0..1) of values sorted ascending; NaN for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1]!;
}

import { describe, expect, it } from 'vitest';
import type { FlowEdge, FlowNode } from '@/server/flows/contract';
import { focusOn, layoutFlows, pairEdges, withoutUnreadTopics } from './flow-layout';

function node(id: string): FlowNode {
  return { id, kind: 'service', label: id, urn: `urn:${id}`, groupId: id, produced: 0, producedErrors: 0, consumed: 0, lag: null };
}

function edge(from: string, to: string, name: string, count = 10, errors = 0): FlowEdge {
  return {
    id: JSON.stringify([from, to, name]),
    from,
    to,
    source: `urn:${from}`,
    name,
    topic: `${from}-events`,
    kind: 'event',
    consumerRule: 'consumer group',
    count,
    ratePerSecond: count / 100,
    errors,
    errorRate: errors / count,
    latency: null,
    exampleCorrelationIds: [],
  };
}

describe('pairEdges', () => {
  it('draws all edges between two services as one line labelled with the busiest names and the summed rate', () => {
    const [pair] = pairEdges([edge('a', 'b', 'Small', 10), edge('a', 'b', 'Big', 500, 5), edge('a', 'b', 'Mid', 100)]);
    expect(pair).toMatchObject({ from: 'a', to: 'b', errors: 5, severity: 'some', lines: ['Big', 'Mid', '+1 more', '0.8% failed', '6.1/s'] });
    expect(pairEdges([edge('a', 'b', 'X', 10, 1)])[0]).toMatchObject({ severity: 'high', lines: ['X', '10% failed', '0.10/s'] });
    expect(pairEdges([edge('a', 'b', 'X', 10)])[0]).toMatchObject({ severity: 'none', lines: ['X', '0.10/s'] });
  });
});

describe('layoutFlows', () => {
  it('lays out 30 services and 100 edges without overlapping nodes, with a route and label for each pair', async () => {
    const nodes = Array.from({ length: 30 }, (_, i) => node(`service-${i}`));
    const edges = Array.from({ length: 100 }, (_, i) => edge(`service-${i % 30}`, `service-${(i * 7 + 3) % 30}`, `Record${i}`));
    const started = performance.now();
    const layout = await layoutFlows({ nodes, edges }, 'RIGHT');
    expect(performance.now() - started).toBeLessThan(5000);
    for (const a of layout.nodes) {
      for (const b of layout.nodes) {
        if (a === b) continue;
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart, `${a.node.id} overlaps ${b.node.id}`).toBe(true);
      }
    }
    expect(layout.edges.length).toBe(pairEdges(edges).length);
    for (const drawn of layout.edges) {
      expect(drawn.points.length).toBeGreaterThanOrEqual(2);
      expect(drawn.label).not.toBeNull();
    }
  });
});

describe('focusOn', () => {
  it('keeps the edges from or to one node and the nodes they touch', () => {
    const graph = { nodes: ['a', 'b', 'c', 'd'].map(node), edges: [edge('a', 'b', 'X'), edge('c', 'a', 'Y'), edge('c', 'd', 'Z')] };
    const focused = focusOn(graph, 'a');
    expect(focused.edges.map((e) => e.name)).toEqual(['X', 'Y']);
    expect(focused.nodes.map((n) => n.id)).toEqual(['a', 'b', 'c']);
    expect(focusOn(graph, null)).toBe(graph);
    expect(focusOn(graph, 'nobody')).toBe(graph);
  });
});

describe('withoutUnreadTopics', () => {
  it('leaves out topics no group reads and the edges to them', () => {
    const topic: FlowNode = { ...node('topic:x-events'), kind: 'topic', urn: null, groupId: null };
    const graph = { nodes: [node('a'), node('b'), topic], edges: [edge('a', 'b', 'X'), edge('a', 'topic:x-events', 'Y')] };
    const drawn = withoutUnreadTopics(graph);
    expect(drawn.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(drawn.edges.map((e) => e.name)).toEqual(['X']);
  });
});

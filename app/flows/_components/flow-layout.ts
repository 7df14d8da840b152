import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { FlowEdge, FlowGraph, FlowNode } from '@/server/flows/contract';
import { formatPercent, formatRate } from './format-flows';

export interface Point {
  x: number;
  y: number;
}

/** All edges between one ordered pair of nodes, drawn as one line with one label. */
export interface DrawnEdge {
  id: string;
  from: string;
  to: string;
  edges: FlowEdge[];
  ratePerSecond: number;
  count: number;
  errors: number;
  /** 'high' from 1% of failed records up: drawn red; 'some' below: only the label's error line is red */
  severity: 'none' | 'some' | 'high';
  /** label text, one entry per line: up to two record names, "+N more", then the rate */
  lines: string[];
  points: Point[];
  label: { x: number; y: number; width: number; height: number } | null;
}

export interface DrawnNode {
  node: FlowNode;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FlowLayout {
  nodes: DrawnNode[];
  edges: DrawnEdge[];
  width: number;
  height: number;
}

export type LayoutDirection = 'RIGHT' | 'DOWN';

export const nodeWidth = 176;
export const nodeHeight = 64;
const labelLineHeight = 15;
/** label text is 11 px system-ui: ~6.3 px per character is generous enough that ELK keeps labels apart */
const labelCharWidth = 6.3;
const namesShown = 2;
/** from this share of failed records up, a line is drawn red */
export const highErrorRate = 0.01;

/** Key of a pair of nodes: JSON, because node ids are free text. */
export function pairId(from: string, to: string): string {
  return JSON.stringify([from, to]);
}

export function pairEdges(edges: readonly FlowEdge[]): Omit<DrawnEdge, 'points' | 'label'>[] {
  const pairs = new Map<string, Omit<DrawnEdge, 'points' | 'label'>>();
  for (const edge of edges) {
    const id = pairId(edge.from, edge.to);
    const pair = pairs.get(id) ?? { id, from: edge.from, to: edge.to, edges: [], ratePerSecond: 0, count: 0, errors: 0, severity: 'none', lines: [] };
    pair.edges.push(edge);
    pair.ratePerSecond += edge.ratePerSecond;
    pair.count += edge.count;
    pair.errors += edge.errors;
    pairs.set(id, pair);
  }
  for (const pair of pairs.values()) {
    pair.edges.sort((a, b) => b.count - a.count);
    const names = [...new Set(pair.edges.map((e) => e.name ?? 'undecodable'))];
    const errorRate = pair.count === 0 ? 0 : pair.errors / pair.count;
    pair.severity = pair.errors === 0 ? 'none' : errorRate >= highErrorRate ? 'high' : 'some';
    pair.lines = [
      ...names.slice(0, namesShown),
      ...(names.length > namesShown ? [`+${names.length - namesShown} more`] : []),
      ...(pair.errors > 0 ? [`${formatPercent(errorRate)} failed`] : []),
      formatRate(pair.ratePerSecond),
    ];
  }
  return [...pairs.values()];
}

const elk = new ELK();

/** Lays the graph out in layers (ELK): services left to right (top to bottom on narrow screens), labels kept apart. */
export async function layoutFlows(graph: Pick<FlowGraph, 'nodes' | 'edges'>, direction: LayoutDirection): Promise<FlowLayout> {
  const pairs = pairEdges(graph.edges);
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': direction,
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '40',
      'elk.spacing.nodeNode': '36',
      'elk.spacing.edgeEdge': '12',
      'elk.spacing.edgeNode': '18',
      'elk.spacing.edgeLabel': '4',
      'elk.layered.spacing.edgeNodeBetweenLayers': '10',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.layered.edgeLabels.sideSelection': 'SMART_UP',
    },
    children: graph.nodes.map((node) => ({ id: node.id, width: nodeWidth, height: nodeHeight })),
    edges: pairs.map(
      (pair): ElkExtendedEdge => ({
        id: pair.id,
        sources: [pair.from],
        targets: [pair.to],
        labels: [{ id: `${pair.id}:label`, text: pair.lines.join('\n'), width: labelWidth(pair.lines), height: pair.lines.length * labelLineHeight + 6 }],
      }),
    ),
  };
  const laid = await elk.layout(root);
  const positions = new Map((laid.children ?? []).map((child) => [child.id, child]));
  const routes = new Map((laid.edges ?? []).map((edge) => [edge.id, edge]));
  return {
    width: laid.width ?? 0,
    height: laid.height ?? 0,
    nodes: graph.nodes.map((node) => {
      const at = positions.get(node.id);
      return { node, x: at?.x ?? 0, y: at?.y ?? 0, width: nodeWidth, height: nodeHeight };
    }),
    edges: pairs.map((pair) => {
      const route = routes.get(pair.id);
      const section = route?.sections?.[0];
      const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [];
      const label = route?.labels?.[0];
      return {
        ...pair,
        points: points.map(({ x, y }) => ({ x, y })),
        label: label ? { x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0 } : null,
      };
    }),
  };
}

function labelWidth(lines: readonly string[]): number {
  return Math.ceil(Math.max(...lines.map((line) => line.length)) * labelCharWidth) + 12;
}

/** The edges from or to one node, and the nodes they touch: a readable neighbourhood of a large graph. */
export function focusOn<G extends Pick<FlowGraph, 'nodes' | 'edges'>>(graph: G, nodeId: string | null): G {
  if (nodeId === null || !graph.nodes.some((n) => n.id === nodeId)) return graph;
  const edges = graph.edges.filter((e) => e.from === nodeId || e.to === nodeId);
  const touched = new Set([nodeId, ...edges.flatMap((e) => [e.from, e.to])]);
  return { ...graph, edges, nodes: graph.nodes.filter((n) => touched.has(n.id)) };
}

/** The graph without topics no known group reads: each would add a layer of its own; the edge table still lists them. */
export function withoutUnreadTopics<G extends Pick<FlowGraph, 'nodes' | 'edges'>>(graph: G): G {
  const unread = new Set(graph.nodes.filter((n) => n.kind === 'topic').map((n) => n.id));
  if (unread.size === 0) return graph;
  return { ...graph, nodes: graph.nodes.filter((n) => !unread.has(n.id)), edges: graph.edges.filter((e) => !unread.has(e.to)) };
}

'use client';
import '@xyflow/react/dist/style.css';
import {
  Background,
  BaseEdge,
  Controls,
  EdgeLabelRenderer,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  type Edge,
  type EdgeProps,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import Link from 'next/link';
import { useMemo } from 'react';
import styles from '../flows.module.css';
import { highErrorRate, type DrawnEdge, type DrawnNode, type FlowLayout, type LayoutDirection, type Point } from './flow-layout';
import { LagBadge } from './lag-badge';

type ServiceNodeData = { drawn: DrawnNode; href: string; direction: LayoutDirection };
type PairEdgeData = { drawn: DrawnEdge; selected: boolean; onSelect: (drawn: DrawnEdge) => void };

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const errorColor = '#b42318';
const edgeColor = '#64748b';
const selectedColor = '#1d4ed8';

function ServiceNode({ data }: NodeProps<Node<ServiceNodeData>>) {
  const { node } = data.drawn;
  const [into, out] = data.direction === 'RIGHT' ? [Position.Left, Position.Right] : [Position.Top, Position.Bottom];
  return (
    <Link
      href={data.href}
      className={styles.node}
      data-kind={node.kind}
      data-errors={node.produced > 0 && node.producedErrors / node.produced >= highErrorRate}
      data-testid="flow-node"
      data-node-id={node.id}
      title={node.urn ?? node.label}
      style={{ width: data.drawn.width, height: data.drawn.height }}
    >
      <Handle type="target" position={into} isConnectable={false} className={styles.handle} />
      <span className={styles.nodeLabel}>{node.label}</span>
      <span className={styles.nodeMeta}>
        {node.kind === 'topic' ? 'no known consumer' : node.kind === 'unknown' ? 'undecodable values' : `${compact.format(node.produced)} out · ${compact.format(node.consumed)} in`}
      </span>
      <LagBadge node={node} />
      <Handle type="source" position={out} isConnectable={false} className={styles.handle} />
    </Link>
  );
}

function pathThrough(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${p.x} ${p.y}`).join(' ');
}

function PairEdge({ data, markerEnd }: EdgeProps<Edge<PairEdgeData>>) {
  if (data === undefined) return null;
  const { drawn, selected, onSelect } = data;
  const failing = drawn.severity === 'high';
  const color = selected ? selectedColor : failing ? errorColor : edgeColor;
  const width = 1.2 + Math.min(3.5, Math.log10(1 + drawn.ratePerSecond * 10));
  const label = drawn.label;
  return (
    <>
      <BaseEdge path={pathThrough(drawn.points)} markerEnd={markerEnd} interactionWidth={14} style={{ stroke: color, strokeWidth: width }} />
      {label !== null && (
        <EdgeLabelRenderer>
          <button
            type="button"
            className={`${styles.edgeLabel} nodrag nopan`}
            data-errors={drawn.errors > 0}
            data-severity={drawn.severity}
            data-selected={selected}
            data-testid="flow-edge"
            data-from={drawn.from}
            data-to={drawn.to}
            aria-pressed={selected}
            aria-label={`${drawn.from} to ${drawn.to}: ${drawn.lines.join(', ')}`}
            style={{ transform: `translate(${label.x}px, ${label.y}px)`, width: label.width, minHeight: label.height }}
            onClick={() => onSelect(drawn)}
          >
            {drawn.lines.map((line, i) => (
              <span key={i} className={i === drawn.lines.length - 1 ? styles.edgeRate : line.endsWith(' failed') ? styles.edgeFailed : undefined}>
                {line}
              </span>
            ))}
          </button>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

const nodeTypes = { service: ServiceNode };
const ignoreClick = (): void => undefined;
const edgeTypes = { pair: PairEdge };

export interface FlowGraphProps {
  layout: FlowLayout;
  direction: LayoutDirection;
  nodeHref: (drawn: DrawnNode) => string;
  selectedPair: string | null;
  onSelectPair: (drawn: DrawnEdge) => void;
}

/** The laid-out graph: positions and routes come from ELK, so nodes are not draggable; pan and zoom are. */
export function FlowGraph({ layout, direction, nodeHref, selectedPair, onSelectPair }: FlowGraphProps) {
  const nodes = useMemo(
    (): Node<ServiceNodeData>[] =>
      layout.nodes.map((drawn) => ({ id: drawn.node.id, type: 'service', position: { x: drawn.x, y: drawn.y }, data: { drawn, href: nodeHref(drawn), direction }, width: drawn.width, height: drawn.height })),
    [layout, nodeHref, direction],
  );
  const edges = useMemo(
    (): Edge<PairEdgeData>[] =>
      layout.edges.map((drawn) => {
        const selected = drawn.id === selectedPair;
        const color = selected ? selectedColor : drawn.severity === 'high' ? errorColor : edgeColor;
        return {
          id: drawn.id,
          source: drawn.from,
          target: drawn.to,
          type: 'pair',
          data: { drawn, selected, onSelect: onSelectPair },
          markerEnd: { type: MarkerType.ArrowClosed, color, width: 14, height: 14 },
          zIndex: selected ? 10 : drawn.severity === 'high' ? 5 : 0,
        };
      }),
    [layout, selectedPair, onSelectPair],
  );
  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      nodesDraggable={false}
      nodesConnectable={false}
      elementsSelectable={false}
      onEdgeClick={(_, edge) => edge.data && onSelectPair(edge.data.drawn)}
      // the node's link navigates; a click handler only makes React Flow let pointer events reach unselectable nodes
      onNodeClick={ignoreClick}
      fitView
      fitViewOptions={{ padding: 0.08, maxZoom: 1.2 }}
      minZoom={0.15}
      maxZoom={2}
      proOptions={{ hideAttribution: true }}
    >
      <Background gap={24} color="#e2e6ec" />
      <Controls showInteractive={false} position="bottom-right" />
    </ReactFlow>
  );
}

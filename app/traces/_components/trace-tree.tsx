'use client';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type CSSProperties, type KeyboardEvent } from 'react';
import type { TraceNode } from '@/server/link/contract';
import { edgeTitle, formatDuration, isFailed, waterfallBar, type TimeAxis, type TraceRow } from '../../_lib/trace-rows';

const rowHeight = 30;
/** deeper levels stop indenting (a 10,000-hop chain would push its names off screen) and show their depth instead */
const maxIndentLevels = 12;

interface Props {
  rows: readonly TraceRow[];
  axis: TimeAxis;
  selectedId: string | null;
  onToggle: (node: TraceNode) => void;
  onSelect: (id: string) => void;
}

function nodeLabel(node: TraceNode): string {
  if (node.type === 'missing-request') return `request ${node.requestUuid} (not in the trace)`;
  if (node.type === 'collapsed') return `${node.name ?? node.kind} × ${node.count}`;
  return node.name ?? (node.error ? 'undecodable record' : node.id);
}

function barTitle(node: TraceNode, axis: TimeAxis): string {
  const at = `+${formatDuration(node.timestamp - axis.start)}`;
  if (node.type === 'collapsed') return `${node.count} records from ${at} over ${formatDuration(node.lastTimestamp - node.timestamp)}${node.errorCount ? `, ${node.errorCount} failed` : ''}`;
  if (node.type === 'missing-request') return `a request its responses point to, not stored; first response at ${at}`;
  const parts = [`written at ${at}`];
  if (node.waitMs !== null) parts.push(`${formatDuration(node.waitMs)} until the next service reacted`);
  if (node.processingMs !== null) parts.push(`${formatDuration(node.processingMs)} until its response`);
  if (node.error) parts.push(node.error);
  return parts.join('; ');
}

function timingLabel(waitMs: number | null, processingMs: number | null): string {
  const parts: string[] = [];
  if (waitMs !== null && (processingMs === null || waitMs < processingMs)) parts.push(`wait ${formatDuration(waitMs)}`);
  if (processingMs !== null) parts.push(`response after ${formatDuration(processingMs)}`);
  return parts.join(' · ');
}

/** The timing text after the bar when there is room, else before it, else over it on a white ground. */
function placeLabel(start: number, end: number, pct: (fraction: number) => string): { side: string; style: CSSProperties } {
  if (end <= 0.7) return { side: 'after', style: { left: pct(end) } };
  if (start >= 0.3) return { side: 'before', style: { right: pct(1 - start) } };
  return { side: 'over', style: { right: '0.3rem' } };
}

function Edge({ node }: { node: TraceNode }) {
  if (node.type === 'missing-request') return <span className="trace-edge root" title="placeholder for a missing request" />;
  return <span className={`trace-edge ${node.edge}`} data-testid="trace-edge" data-edge={node.edge} title={edgeTitle(node)} />;
}

function Bar({ node, axis }: { node: TraceNode; axis: TimeAxis }) {
  const bar = waterfallBar(node, axis);
  const pct = (fraction: number) => `${(fraction * 100).toFixed(3)}%`;
  const timing = node.type === 'record' ? timingLabel(node.waitMs, node.processingMs) : '';
  const labelPlace = placeLabel(bar.start, bar.start + bar.wait + bar.processing, pct);
  return (
    <div className="waterfall-cell" title={barTitle(node, axis)}>
      <span className="wf-mark" style={{ left: pct(bar.start) }} />
      {bar.wait > 0 && <span className={`wf-wait ${node.type === 'collapsed' ? 'group' : ''}`} data-testid="wf-wait" style={{ left: pct(bar.start), width: pct(bar.wait) }} />}
      {bar.processing > 0 && <span className="wf-processing" data-testid="wf-processing" style={{ left: pct(bar.start + bar.wait), width: pct(bar.processing) }} />}
      {timing && (
        <span className={`wf-label ${labelPlace.side}`} style={labelPlace.style}>
          {timing}
        </span>
      )}
    </div>
  );
}

/** The causal tree beside its waterfall, one row per visible node, virtualized: a 10,000-record trace keeps ~40 rows in the DOM. */
export function TraceTree({ rows, axis, selectedId, onToggle, onSelect }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 20,
    getItemKey: (index) => rows[index]?.node.id ?? index,
  });
  const activate = (row: TraceRow) => {
    if (row.node.type === 'record') onSelect(row.node.id);
    else if (row.expandable) onToggle(row.node);
  };
  const onKey = (event: KeyboardEvent<HTMLDivElement>, row: TraceRow) => {
    if (event.key === 'Enter' || event.key === ' ') activate(row);
    else if ((event.key === 'ArrowRight' && !row.expanded) || (event.key === 'ArrowLeft' && row.expanded)) {
      if (row.expandable) onToggle(row.node);
    } else return;
    event.preventDefault();
  };
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <div className="trace-tree" data-testid="trace-tree">
      <div ref={scroller} className="trace-tree-scroll">
        <div className="trace-row trace-head">
          <div className="trace-name-cell">Record · service</div>
          <div className="waterfall-cell axis" data-testid="trace-axis">
            {ticks.map((tick) => (
              <span key={tick} className="wf-tick" style={{ left: `${tick * 100}%` }}>
                {formatDuration(axis.span * tick)}
              </span>
            ))}
          </div>
        </div>
        <div role="tree" aria-label="causal tree" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            const { node } = row;
            const failed = isFailed(node);
            const indent = Math.min(row.depth, maxIndentLevels);
            return (
              <div
                key={item.key}
                role="treeitem"
                aria-level={row.depth + 1}
                aria-expanded={row.expandable ? row.expanded : undefined}
                aria-selected={node.id === selectedId}
                tabIndex={0}
                className={`trace-row ${failed ? 'failed' : ''} ${row.inGroup ? 'in-group' : ''} ${node.type}`}
                data-testid="trace-row"
                data-node-id={node.id}
                data-status={failed ? 'error' : 'ok'}
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={() => activate(row)}
                onKeyDown={(event) => onKey(event, row)}
              >
                <div className="trace-name-cell" style={{ paddingLeft: `calc(${indent} * var(--trace-indent) + 0.3rem)` }}>
                  {row.expandable ? (
                    <button
                      type="button"
                      className="trace-toggle"
                      aria-label={`${row.expanded ? 'Collapse' : 'Expand'} ${nodeLabel(node)}`}
                      data-testid="trace-toggle"
                      onClick={(event) => {
                        event.stopPropagation();
                        onToggle(node);
                      }}
                    >
                      {row.expanded ? '▾' : '▸'}
                    </button>
                  ) : (
                    <span className="trace-toggle-space" />
                  )}
                  {row.depth > maxIndentLevels && <span className="trace-depth">{row.depth}</span>}
                  <Edge node={node} />
                  <span className={`badge ${failed ? 'error' : node.kind}`}>{node.kind}</span>
                  <span className="trace-name" title={node.type === 'record' && node.error ? node.error : nodeLabel(node)}>
                    {nodeLabel(node)}
                  </span>
                  {node.type !== 'missing-request' && node.service && <span className="trace-service muted">{node.service}</span>}
                </div>
                <Bar node={node} axis={axis} />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

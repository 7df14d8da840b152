import type { FlowEdge, FlowNode } from '@/server/flows/contract';
import type { FlowRange } from './flows-query';

/** "12/s", "0.25/s", "3.2/min" for slow edges. */
export function formatRate(perSecond: number): string {
  if (perSecond >= 10) return `${Math.round(perSecond)}/s`;
  if (perSecond >= 0.1) return `${perSecond.toFixed(perSecond >= 1 ? 1 : 2)}/s`;
  const perMinute = perSecond * 60;
  return `${perMinute >= 1 ? perMinute.toFixed(1) : perMinute.toFixed(2)}/min`;
}

export function formatPercent(rate: number): string {
  if (rate === 0) return '0%';
  if (rate < 0.001) return '<0.1%';
  return `${(rate * 100).toFixed(rate < 0.1 ? 1 : 0)}%`;
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

/** The records page of an edge: what its writer sent under that name on that topic, over the same window. */
export function edgeRecordsHref(edge: FlowEdge, range: FlowRange): string {
  const params = new URLSearchParams();
  if (edge.kind === 'undecodable') {
    params.set('topic', edge.topic);
    params.set('kind', 'undecodable');
  } else {
    if (edge.source !== null) params.set('source', edge.source);
    if (edge.name !== null) params.set('name', edge.name);
    params.set('topic', edge.topic);
  }
  params.set('range', range);
  return `/records?${params.toString()}`;
}

/** The records page of a node: a service's records as source or destination; a topic's records; undecodable values. */
export function nodeRecordsHref(node: FlowNode, range: FlowRange): string {
  const params = new URLSearchParams();
  if (node.kind === 'service' && node.urn !== null) params.set('service', node.urn);
  else if (node.kind === 'topic') params.set('topic', node.label);
  else params.set('kind', 'undecodable');
  params.set('range', range);
  return `/records?${params.toString()}`;
}

export function traceHref(correlationId: string): string {
  return `/traces/${encodeURIComponent(correlationId)}`;
}

export function edgeLabel(edge: FlowEdge): string {
  return edge.name ?? 'undecodable';
}

'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { LocalTime } from '@/app/_components/local-time';
import { timeRangeLabels } from '@/app/_lib/url-filters';
import type { FlowGraph as FlowGraphData } from '@/server/flows/contract';
import styles from '../flows.module.css';
import { EdgeDetail } from './edge-detail';
import { EdgeTable, parseEdgeSort, type EdgeSort } from './edge-table';
import { FlowGraph } from './flow-graph';
import { focusOn, layoutFlows, pairId, withoutUnreadTopics, type DrawnEdge, type DrawnNode, type FlowLayout, type LayoutDirection } from './flow-layout';
import { flowRanges, flowsQueryOptions, parseFlowRange, type FlowRange } from './flows-query';
import { nodeRecordsHref } from './format-flows';

const narrowQuery = '(max-width: 700px)';

function subscribeNarrow(onChange: () => void): () => void {
  const media = window.matchMedia(narrowQuery);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

/** Top to bottom on a phone, where a left-to-right graph would be too wide to read. */
function useLayoutDirection(): LayoutDirection {
  const narrow = useSyncExternalStore(subscribeNarrow, () => window.matchMedia(narrowQuery).matches, () => false);
  return narrow ? 'DOWN' : 'RIGHT';
}

interface ViewState {
  range: FlowRange;
  sort: EdgeSort;
  /** the selected pair of nodes */
  pair: string | null;
  /** show only the edges from or to this node */
  focus: string | null;
}

function useLaidOut(graph: FlowGraphData | undefined, direction: LayoutDirection): { layout: FlowLayout | null; error: string | null } {
  const [state, setState] = useState<{ graph: FlowGraphData; direction: LayoutDirection; layout: FlowLayout | null; error: string | null } | null>(null);
  useEffect(() => {
    if (graph === undefined || graph.nodes.length === 0) return;
    let cancelled = false;
    layoutFlows(graph, direction).then(
      (layout) => !cancelled && setState({ graph, direction, layout, error: null }),
      (error: unknown) => !cancelled && setState({ graph, direction, layout: null, error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [graph, direction]);
  // the previous layout stays on screen while the next one is computed
  return { layout: state?.layout ?? null, error: state?.error ?? null };
}

/** The flows page: the window picker, the laid-out graph, the selected edge and the table of every edge. */
export function FlowsView() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const view: ViewState = {
    range: parseFlowRange(searchParams.get('range')),
    sort: parseEdgeSort(searchParams.get('sort')),
    focus: searchParams.get('focus'),
    pair: searchParams.get('edgeFrom') !== null && searchParams.get('edgeTo') !== null ? pairId(searchParams.get('edgeFrom')!, searchParams.get('edgeTo')!) : null,
  };
  const href = useCallback(
    (change: Partial<{ range: FlowRange; sort: EdgeSort; pair: DrawnEdge | null; focus: string | null }>) => {
      const next = new URLSearchParams(searchParams.toString());
      if (change.focus === null) next.delete('focus');
      else if (change.focus !== undefined) next.set('focus', change.focus);
      if (change.range !== undefined) next.set('range', change.range);
      if (change.sort !== undefined) next.set('sort', change.sort);
      if (change.pair === null) {
        next.delete('edgeFrom');
        next.delete('edgeTo');
      } else if (change.pair !== undefined) {
        next.set('edgeFrom', change.pair.from);
        next.set('edgeTo', change.pair.to);
      }
      const query = next.toString();
      return query === '' ? pathname : `${pathname}?${query}`;
    },
    [searchParams, pathname],
  );
  const query = useQuery(flowsQueryOptions(view.range));
  const direction = useLayoutDirection();
  const focused = useMemo(() => (query.data === undefined ? undefined : focusOn(query.data, view.focus)), [query.data, view.focus]);
  const drawn = useMemo(() => (focused === undefined ? undefined : withoutUnreadTopics(focused)), [focused]);
  const { layout, error: layoutError } = useLaidOut(drawn, direction);
  const unreadEdges = focused === undefined || drawn === undefined ? 0 : focused.edges.length - drawn.edges.length;
  const range = view.range;
  const nodeHref = useCallback((drawn: DrawnNode) => nodeRecordsHref(drawn.node, range), [range]);
  const onSelectPair = useCallback((drawn: DrawnEdge) => router.replace(href({ pair: drawn }), { scroll: false }), [router, href]);
  const selected = useMemo(() => layout?.edges.find((e) => e.id === view.pair) ?? null, [layout, view.pair]);
  const graph = query.data;
  const services = useMemo(() => (graph?.nodes ?? []).filter((n) => n.kind === 'service').map((n) => n.id), [graph]);

  return (
    <>
      <div className={styles.titleBar}>
        <h1>Flows</h1>
        <div className={styles.controls}>
          <label className={styles.focus}>
            Service
            <select value={view.focus ?? ''} onChange={(event) => router.replace(href({ focus: event.target.value === '' ? null : event.target.value, pair: null }), { scroll: false })}>
              <option value="">all services</option>
              {view.focus !== null && !services.includes(view.focus) && <option value={view.focus}>{view.focus}</option>}
              {services.map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </select>
          </label>
          <nav aria-label="Time window" className={styles.ranges}>
            {flowRanges.map((r) => (
              <Link key={r} href={href({ range: r })} aria-current={r === view.range ? 'true' : undefined} replace scroll={false}>
                {timeRangeLabels[r]}
              </Link>
            ))}
          </nav>
        </div>
      </div>
      {graph !== undefined && (
        <p className={styles.summary} data-testid="flows-summary">
          {graph.records.toLocaleString('en')} records from <LocalTime iso={graph.from} compact /> to <LocalTime iso={graph.to} compact />; {graph.nodes.length} nodes, {graph.edges.length} edges
          {focused !== undefined && focused !== graph && ` (${focused.edges.length} shown around ${view.focus ?? ''})`}. Hop
          latency from {graph.latencySample.correlations} sampled correlations (at most {graph.latencySample.maxCorrelations}).
          {unreadEdges > 0 && ` ${unreadEdges} ${unreadEdges === 1 ? 'edge' : 'edges'} to topics no known consumer group reads: in the table only.`}
          {query.isFetching && <span className="muted"> Refreshing…</span>}
        </p>
      )}
      {graph !== undefined && !graph.consumptionKnown && (
        <div className="alert" role="status" data-testid="flows-no-groups">
          Consumer groups could not be read from Kafka in time: event consumers and lag are missing.
        </div>
      )}
      {query.isError && (
        <div className="alert" role="alert" data-testid="flows-error">
          Cannot load the flows: {query.error.message}{' '}
          <button type="button" onClick={() => void query.refetch()}>
            Retry
          </button>
        </div>
      )}
      {query.isPending && (
        <div className="empty" data-testid="flows-loading" aria-busy="true">
          Counting records and reading consumer groups…
        </div>
      )}
      {graph !== undefined && graph.records === 0 && (
        <div className="empty" data-testid="flows-empty">
          No records in this window. Try a longer window, or check that the collector reads your topics.
        </div>
      )}
      {graph !== undefined && graph.records > 0 && (
        <>
          <div
            className={styles.canvas}
            data-testid="flow-graph"
            data-direction={direction}
            // as tall as the graph's shape asks for, within the CSS bounds, so the fitted graph is not tiny
            style={layout === null || layout.width === 0 ? undefined : { aspectRatio: `${layout.width + 40} / ${layout.height + 40}` }}
          >
            {layout === null ? (
              <div className={styles.canvasState} aria-busy={layoutError === null}>
                {layoutError === null ? 'Laying out the graph…' : `The graph could not be laid out: ${layoutError}`}
              </div>
            ) : (
              <FlowGraph
                key={`${direction}:${layout.nodes.map((n) => n.node.id).join(',')}`}
                layout={layout}
                direction={direction}
                nodeHref={nodeHref}
                selectedPair={view.pair}
                onSelectPair={onSelectPair}
              />
            )}
          </div>
          <p className={styles.legend}>
            Click a service for its records, a label for the records and example traces of that edge. <span className={styles.legendError}>Red</span>: 1% or more of the
            records failed (ok:false responses, undecodable values).
          </p>
          {selected !== null && <EdgeDetail pair={selected} range={view.range} closeHref={href({ pair: null })} />}
          <EdgeTable edges={(focused ?? graph).edges} sort={view.sort} range={view.range} sortHref={(sort) => href({ sort })} />
        </>
      )}
    </>
  );
}

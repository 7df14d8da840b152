import Link from 'next/link';
import type { FlowEdge } from '@/server/flows/contract';
import styles from '../flows.module.css';
import type { FlowRange } from './flows-query';
import { edgeLabel, edgeRecordsHref, formatMs, formatPercent, formatRate, traceHref } from './format-flows';

export const edgeSorts = ['rate', 'errors', 'latency'] as const;
export type EdgeSort = (typeof edgeSorts)[number];

export function parseEdgeSort(value: unknown): EdgeSort {
  return edgeSorts.find((sort) => sort === value) ?? 'rate';
}

const sortValue: Record<EdgeSort, (edge: FlowEdge) => number> = {
  rate: (edge) => edge.ratePerSecond,
  errors: (edge) => edge.errorRate * 1e9 + edge.errors,
  latency: (edge) => edge.latency?.p95Ms ?? -1,
};

export function sortEdges(edges: readonly FlowEdge[], sort: EdgeSort): FlowEdge[] {
  return [...edges].sort((a, b) => sortValue[sort](b) - sortValue[sort](a) || b.count - a.count);
}

interface EdgeTableProps {
  edges: readonly FlowEdge[];
  sort: EdgeSort;
  range: FlowRange;
  sortHref: (sort: EdgeSort) => string;
}

function SortHeader({ sort, current, label, href }: { sort: EdgeSort; current: EdgeSort; label: string; href: string }) {
  const active = sort === current;
  return (
    <th className="num" aria-sort={active ? 'descending' : 'none'}>
      <Link href={href} scroll={false} replace className={styles.sortLink} data-active={active}>
        {label}
        <span aria-hidden="true">{active ? ' ▾' : ''}</span>
      </Link>
    </th>
  );
}

/** Every edge of the graph as a row: the accessible view of the graph, sortable by rate, error rate or p95 latency. */
export function EdgeTable({ edges, sort, range, sortHref }: EdgeTableProps) {
  return (
    <div className={styles.tableScroll}>
      <table className={styles.edgeTable} data-testid="flow-edge-table">
        <caption className={styles.caption}>Edges: who sent which records to whom</caption>
        <thead>
          <tr>
            <th>From</th>
            <th>To</th>
            <th>Record</th>
            <th>Topic</th>
            <th className="num">Records</th>
            <SortHeader sort="rate" current={sort} label="Rate" href={sortHref('rate')} />
            <SortHeader sort="errors" current={sort} label="Errors" href={sortHref('errors')} />
            <SortHeader sort="latency" current={sort} label="Hop p50 / p95" href={sortHref('latency')} />
            <th>Example traces</th>
          </tr>
        </thead>
        <tbody>
          {sortEdges(edges, sort).map((edge) => (
            <tr key={edge.id} data-testid="flow-edge-row" data-from={edge.from} data-to={edge.to} data-name={edge.name ?? ''} data-topic={edge.topic} data-errors={edge.errors > 0}>
              <td className="mono">{edge.from}</td>
              <td className="mono" title={`consumer known by: ${edge.consumerRule}`}>
                {edge.to}
              </td>
              <td>
                <span className={`badge ${edge.kind}`}>{edge.kind}</span>{' '}
                <Link href={edgeRecordsHref(edge, range)} data-testid="edge-records-link">
                  {edgeLabel(edge)}
                </Link>
              </td>
              <td className="mono">{edge.topic}</td>
              <td className="num" data-testid="edge-count">
                {edge.count.toLocaleString('en')}
              </td>
              <td className="num" data-testid="edge-rate">
                {formatRate(edge.ratePerSecond)}
              </td>
              <td className={`num ${edge.errors > 0 ? 'error-text' : ''}`} data-testid="edge-errors">
                {edge.errors > 0 ? `${edge.errors.toLocaleString('en')} (${formatPercent(edge.errorRate)})` : '0'}
              </td>
              <td className="num" title={edge.latency === null ? 'no hop of this edge in the sampled traces' : `${edge.latency.samples} sampled hops`}>
                {edge.latency === null ? <span className="muted">—</span> : `${formatMs(edge.latency.p50Ms)} / ${formatMs(edge.latency.p95Ms)}`}
              </td>
              <td>
                <span className={styles.examples}>
                  {edge.exampleCorrelationIds.map((id, i) => (
                    <Link key={id} href={traceHref(id)} title={id} data-testid="edge-trace-link">
                      trace {i + 1}
                    </Link>
                  ))}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

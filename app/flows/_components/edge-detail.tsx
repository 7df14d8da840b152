import Link from 'next/link';
import styles from '../flows.module.css';
import type { DrawnEdge } from './flow-layout';
import type { FlowRange } from './flows-query';
import { edgeLabel, edgeRecordsHref, formatMs, formatPercent, formatRate, traceHref } from './format-flows';

/** The records behind one drawn line: each name and topic, with its records and up to three example traces. */
export function EdgeDetail({ pair, range, closeHref }: { pair: DrawnEdge; range: FlowRange; closeHref: string }) {
  return (
    <section className={styles.detail} data-testid="flow-edge-detail" aria-label={`${pair.from} to ${pair.to}`}>
      <div className={styles.detailHeader}>
        <h2>
          <span className="mono">{pair.from}</span> → <span className="mono">{pair.to}</span>
        </h2>
        <Link href={closeHref} scroll={false} replace>
          Close
        </Link>
      </div>
      <ul className={styles.detailList}>
        {pair.edges.map((edge) => (
          <li key={edge.id} data-testid="flow-edge-detail-item">
            <span className={`badge ${edge.kind}`}>{edge.kind}</span> <strong>{edgeLabel(edge)}</strong> <span className="muted">on</span>{' '}
            <span className="mono">{edge.topic}</span>
            <span className={styles.detailFigures}>
              {edge.count.toLocaleString('en')} records · {formatRate(edge.ratePerSecond)}
              {edge.errors > 0 && <span className="error-text"> · {edge.errors.toLocaleString('en')} {edge.errors === 1 ? 'error' : 'errors'} ({formatPercent(edge.errorRate)})</span>}
              {edge.latency !== null && ` · hop p50 ${formatMs(edge.latency.p50Ms)}, p95 ${formatMs(edge.latency.p95Ms)}`}
            </span>
            <span className={styles.examples}>
              <Link href={edgeRecordsHref(edge, range)}>records</Link>
              {edge.exampleCorrelationIds.map((id, i) => (
                <Link key={id} href={traceHref(id)} title={id}>
                  example trace {i + 1}
                </Link>
              ))}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

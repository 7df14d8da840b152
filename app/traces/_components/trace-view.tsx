'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useState } from 'react';
import type { TraceNode } from '@/server/link/contract';
import type { TraceAnswer } from '@/server/traces/contract';
import { LocalTime } from '../../_components/local-time';
import { ApiError } from '../../_lib/api-client';
import { traceQueryOptions } from '../../_lib/queries';
import { recordsHref } from '../../_lib/timeline-filters';
import { tracesHref } from '../../_lib/trace-filters';
import { closeAll, formatDuration, noToggles, toggleNode, traceTimeAxis, visibleTraceRows, type TreeToggles } from '../../_lib/trace-rows';
import { CopyButton } from '../../records/_components/copy-button';
import { RecordDetailPanel } from '../../records/_components/record-detail-panel';
import { TraceTree } from './trace-tree';

function TraceHeader({ trace, onRefresh, refreshing }: { trace: TraceAnswer; onRefresh: () => void; refreshing: boolean }) {
  return (
    <header className="trace-header" data-testid="trace-header">
      <div className="trace-title">
        <h1>Trace</h1>
        <span className={`badge ${trace.status === 'error' ? 'error' : 'response'}`} data-testid="trace-status" data-status={trace.status}>
          {trace.status === 'error' ? 'error' : 'ok'}
        </span>
        <button type="button" onClick={onRefresh} disabled={refreshing} data-testid="trace-refresh">
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
        <Link href={`/replays?${new URLSearchParams({ correlationId: trace.correlationId }).toString()}`} data-testid="trace-replay-link">
          Replay…
        </Link>
      </div>
      <dl className="fields trace-fields">
        <dt>Correlation id</dt>
        <dd className="mono" data-testid="trace-correlation-id">
          {trace.correlationId}
          <CopyButton text={trace.correlationId} label="Copy correlation id" />
        </dd>
        <dt>Trace id</dt>
        <dd className="mono">
          {trace.traceId}
          <CopyButton text={trace.traceId} label="Copy trace id" />
        </dd>
        <dt>Started</dt>
        <dd>
          <LocalTime iso={trace.startedAt} />
        </dd>
        <dt>Duration</dt>
        <dd data-testid="trace-duration">{formatDuration(trace.durationMs)}</dd>
        <dt>Records</dt>
        <dd>{trace.recordCount.toLocaleString('en')}</dd>
        <dt>Services</dt>
        <dd data-testid="trace-services">
          {trace.services.length === 0 ? <span className="muted">none known</span> : trace.services.map((service) => <span key={service} className="service-chip">{service}</span>)}
        </dd>
      </dl>
      <ul className="related-links">
        <li>
          <Link href={recordsHref({ correlationId: trace.correlationId })} data-testid="trace-records-link">
            All records of this correlation
          </Link>
        </li>
        <li>
          <Link href={tracesHref({})}>All traces</Link>
        </li>
      </ul>
      {trace.truncated && (
        <div className="alert" role="alert">
          This correlation has more records than a trace shows: the newest {trace.recordCount.toLocaleString('en')} are linked.
        </div>
      )}
      {!trace.consumptionKnown && (
        <div className="alert warn" role="status">
          The broker did not say which services consume which topics: only exact edges (responses to requests) are linked, the other records are shown as roots.
        </div>
      )}
    </header>
  );
}

/** One trace: header, the collapsible causal tree beside its waterfall, and the selected record's detail. */
export function TraceView({ correlationId }: { correlationId: string }) {
  const searchParams = useSearchParams();
  const selectedId = searchParams.get('record');
  const queryClient = useQueryClient();
  const options = traceQueryOptions(correlationId);
  const query = useQuery(options);
  const [toggles, setToggles] = useState<TreeToggles>(noToggles);
  const roots = query.data?.roots;
  const axis = useMemo(() => traceTimeAxis(roots ?? []), [roots]);
  const rows = useMemo(() => visibleTraceRows(roots ?? [], toggles), [roots, toggles]);

  const base = `/traces/${encodeURIComponent(correlationId)}`;
  // history.pushState, not router.push: the URL keeps the selection without the server linking the trace again
  const select = useCallback((id: string) => window.history.pushState(null, '', `${base}?record=${encodeURIComponent(id)}`), [base]);
  const closeDetail = useCallback(() => window.history.pushState(null, '', base), [base]);
  const toggle = useCallback((node: TraceNode) => setToggles((current) => toggleNode(current, node)), []);

  if (query.isPending) {
    return (
      <div className="empty" role="status" data-testid="trace-loading">
        Loading trace…
      </div>
    );
  }
  if (query.isError) {
    const missing = query.error instanceof ApiError && query.error.status === 404;
    return (
      <div className={missing ? 'empty' : 'alert'} role="alert" data-testid={missing ? 'trace-not-found' : 'trace-error'}>
        {missing ? `No stored record has correlation id ${correlationId}.` : `Could not load the trace: ${query.error.message}`}{' '}
        <button type="button" onClick={() => void query.refetch()}>
          Retry
        </button>
      </div>
    );
  }
  const trace = query.data;
  return (
    <div className={`timeline ${selectedId ? 'with-detail' : ''}`}>
      <div className="trace-main">
        <TraceHeader trace={trace} refreshing={query.isFetching} onRefresh={() => void queryClient.invalidateQueries({ queryKey: options.queryKey, exact: true })} />
        <div className="trace-toolbar">
          <button type="button" onClick={() => setToggles(noToggles)} data-testid="trace-expand-all">
            Expand all
          </button>
          <button type="button" onClick={() => setToggles(closeAll(trace.roots))} data-testid="trace-collapse-all">
            Collapse all
          </button>
          <span className="trace-legend muted">
            <span className="trace-edge exact" /> exact edge <span className="trace-edge inferred" /> inferred edge (hover for the rule)
            <span className="wf-wait legend" /> wait until the next service reacted <span className="wf-processing legend" /> until the response
          </span>
        </div>
        {rows.length === 0 ? (
          <div className="empty" data-testid="trace-empty">
            This trace has no records to draw.
          </div>
        ) : (
          <TraceTree rows={rows} axis={axis} selectedId={selectedId} onToggle={toggle} onSelect={select} />
        )}
        <p className="table-footer muted" data-testid="trace-footer">
          {rows.length.toLocaleString('en')} rows shown · {trace.recordCount.toLocaleString('en')} records · {trace.roots.length.toLocaleString('en')} root
          {trace.roots.length === 1 ? '' : 's'}
        </p>
      </div>
      {selectedId && <RecordDetailPanel id={selectedId} onClose={closeDetail} />}
    </div>
  );
}

'use client';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { useRouter, useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import type { AuditEntry } from '@/server/audit/contract';
import { LocalTime } from '../../_components/local-time';
import { fetchJson } from '../../_lib/api-client';
import styles from '../audit.module.css';
import { AuditFilterForm } from './audit-filter-form';
import { auditExportHref, auditPageHref, auditParams, parseAuditFilters, type AuditFilters } from './audit-filters';

interface AuditPage {
  items: AuditEntry[];
  nextCursor: string | null;
}

function auditQueryOptions(filters: AuditFilters) {
  return infiniteQueryOptions({
    queryKey: ['audit', filters] as const,
    queryFn: ({ pageParam, signal }) => {
      const params = auditParams(filters);
      params.set('limit', '100');
      if (pageParam !== '') params.set('cursor', pageParam);
      return fetchJson<AuditPage>(`/api/audit?${params.toString()}`, signal);
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

function AuditRow({ entry }: { entry: AuditEntry }) {
  const details = Object.keys(entry.details).length === 0 ? '' : JSON.stringify(entry.details);
  return (
    <tr data-testid="audit-row" data-action={entry.action} data-result={entry.result}>
      <td>
        <LocalTime iso={entry.at} />
      </td>
      <td>{entry.actor.name}</td>
      <td>
        {entry.actor.role}
        <span className="muted"> · {entry.actor.via}</span>
      </td>
      <td className="mono">{entry.action}</td>
      <td className={`mono ${styles.target}`}>{entry.target}</td>
      <td>
        <span className={`badge ${entry.result === 'ok' ? 'response' : 'error'}`}>{entry.result}</span>
      </td>
      <td title={entry.origin.userAgent ?? undefined}>{entry.origin.ip ?? '—'}</td>
      <td className={`mono ${styles.details}`}>{details}</td>
    </tr>
  );
}

/** The audit log, newest first: filters in the URL, more on demand, the filtered entries downloadable as JSON. */
export function AuditView() {
  const router = useRouter();
  const search = useSearchParams().toString();
  const parsed = useMemo(() => parseAuditFilters(new URLSearchParams(search)), [search]);
  const { filters } = parsed;
  const query = useInfiniteQuery(auditQueryOptions(filters));
  const entries = useMemo(() => query.data?.pages.flatMap((page) => page.items) ?? [], [query.data]);
  return (
    <div>
      <div className="timeline-title">
        <h1>Audit log</h1>
        <a className={styles.exportLink} href={auditExportHref(filters)} download data-testid="audit-export">
          Export JSON
        </a>
      </div>
      <AuditFilterForm filters={filters} onApply={(next) => router.push(auditPageHref(next), { scroll: false })} />
      {!parsed.ok && (
        <div className="alert" role="alert">
          Ignored invalid filters: {parsed.problems.join('; ')}
        </div>
      )}
      {query.isPending ? (
        <div className="empty" data-testid="audit-loading">
          Loading the audit log…
        </div>
      ) : query.isError ? (
        <div className="alert" role="alert" data-testid="audit-error">
          Cannot read the audit log: {query.error.message}
        </div>
      ) : entries.length === 0 ? (
        <div className="empty" data-testid="audit-empty">
          No audit entries{auditParams(filters).size > 0 ? ' match these filters' : ' yet'}.
        </div>
      ) : (
        <div className={styles.scroll}>
          <table className={styles.table} data-testid="audit-table">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>Role</th>
                <th>Action</th>
                <th>Target</th>
                <th>Result</th>
                <th>From</th>
                <th>Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <AuditRow key={entry.id} entry={entry} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {query.hasNextPage && (
        <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? 'Loading…' : 'Load older entries'}
        </button>
      )}
    </div>
  );
}

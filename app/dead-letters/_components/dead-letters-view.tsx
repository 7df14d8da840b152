'use client';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useState } from 'react';
import type { DeadLetterGroup, DeadLetterView } from '@/server/deadletters/contract';
import { deadLettersHref, deadLetterTabs, hasDeadLetterFilters, parseDeadLetterFilters, tabOf, type DeadLetterFilters, type DeadLetterTab } from '../../_lib/dead-letter-filters';
import { deadLettersQueryOptions, failedResponsesQueryOptions } from '../../_lib/queries';
import { useMe } from '../../_lib/use-me';
import styles from '../dead-letters.module.css';
import { BulkRequeueBar, JobProgress } from './bulk-requeue';
import { DeadLetterFilterForm } from './dead-letter-filter-form';
import { DeadLetterGroups } from './dead-letter-groups';
import { DeadLetterPanel } from './dead-letter-panel';
import { DeadLetterTable } from './dead-letter-table';
import { FailedResponses } from './failed-responses';

const tabLabels: Record<DeadLetterTab, string> = { grouped: 'Grouped by error', flat: 'All dead letters', failed: 'Failed responses' };

function EmptyDeadLetters({ filtered, clearHref }: { filtered: boolean; clearHref: string }) {
  return (
    <div className="empty" data-testid="dl-empty">
      {filtered ? (
        <p>
          No dead letter matches these filters. <Link href={clearHref}>Clear the filters</Link>
        </p>
      ) : (
        <p>No dead letters stored. That is good news — or no dead-letter topic is collected yet.</p>
      )}
      <p>
        A topic counts as a dead-letter topic when its name matches <code>LENS_DLQ_TOPICS</code> (by default names ending in <code>.dlq</code>, <code>-dlq</code>,{' '}
        <code>_dlq</code>, <code>.DLT</code>, <code>-dlt</code> in any case, or starting with <code>dead-letters</code> or <code>dlq.</code>), and when the
        collector reads it (<code>LENS_TOPICS</code>). Where a record came from is read from Spring Kafka (<code>kafka_dlt-*</code>), Kafka Connect (
        <code>__connect.errors.*</code>) or Eventy Lens (<code>eventy-lens-*</code>) headers; for records without them set <code>LENS_DLQ_ORIGINAL_TOPICS</code>.
      </p>
    </div>
  );
}

/** /dead-letters: dead letters grouped by bug or one by one, failed responses, the selected one beside the list with its actions. */
export function DeadLettersView() {
  const router = useRouter();
  const search = useSearchParams().toString();
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const parsed = useMemo(() => parseDeadLetterFilters(params), [params]);
  const { filters } = parsed;
  const tab = tabOf(filters);
  const selectedId = params.get('deadLetter');
  const { canOperate } = useMe();
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [jobId, setJobId] = useState<string | null>(null);

  const navigate = useCallback(
    (next: DeadLetterFilters, selected: string | null = null) => router.push(deadLettersHref(next, selected), { scroll: false }),
    [router],
  );
  const queryClient = useQueryClient();
  const deadLetters = useInfiniteQuery({ ...deadLettersQueryOptions(filters), enabled: tab !== 'failed' });
  const failed = useInfiniteQuery({ ...failedResponsesQueryOptions(filters), enabled: tab === 'failed' });
  const query = tab === 'failed' ? failed : deadLetters;
  const reload = () => void queryClient.resetQueries({ queryKey: [tab === 'failed' ? 'failed-responses' : 'dead-letters', filters], exact: true });

  const groups = useMemo(() => deadLetters.data?.pages.flatMap((page) => (page.view === 'grouped' ? page.items : [])) ?? [], [deadLetters.data]);
  const rows = useMemo(() => deadLetters.data?.pages.flatMap((page): DeadLetterView[] => (page.view === 'flat' ? page.items : [])) ?? [], [deadLetters.data]);
  const failedRows = useMemo(() => failed.data?.pages.flatMap((page) => page.items) ?? [], [failed.data]);
  const count = tab === 'grouped' ? groups.length : tab === 'flat' ? rows.length : failedRows.length;

  const openGroup = (group: DeadLetterGroup) => navigate({ ...filters, view: 'flat', fingerprint: group.fingerprint, dlqTopic: group.dlqTopic, ...(group.originalTopic === null ? {} : { originalTopic: group.originalTopic }) }, group.latestId);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = deadLetters;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  const select = useCallback((id: string) => navigate(filters, id), [navigate, filters]);
  const close = useCallback(() => navigate(filters), [navigate, filters]);
  const check = useCallback((id: string, on: boolean) => setChecked((current) => toggled(current, [id], on)), []);
  const checkAll = useCallback((on: boolean) => setChecked((current) => toggled(current, rows.map((row) => row.id), on)), [rows]);

  return (
    <div className={`timeline ${selectedId ? 'with-detail' : ''}`}>
      <div className="timeline-main">
        <div className="timeline-title">
          <h1>Dead letters</h1>
          <button type="button" onClick={reload} data-testid="dl-reload">
            Refresh
          </button>
        </div>
        <nav className={styles.tabs} aria-label="dead-letter views">
          {deadLetterTabs.map((name) => (
            <Link key={name} href={deadLettersHref({ ...filters, view: name === 'grouped' ? undefined : name })} aria-current={tab === name ? 'page' : undefined} data-testid={`dl-tab-${name}`}>
              {tabLabels[name]}
            </Link>
          ))}
        </nav>
        <DeadLetterFilterForm key={search} filters={filters} failedTab={tab === 'failed'} onApply={(next) => navigate(next)} />
        {!parsed.ok && (
          <div className="alert" role="alert">
            These filters in the link are invalid and were ignored: {parsed.problems.join('; ')}
          </div>
        )}
        {jobId !== null && <JobProgress jobId={jobId} onClose={() => setJobId(null)} />}
        {tab === 'flat' && canOperate && checked.size > 0 && (
          <BulkRequeueBar
            ids={[...checked]}
            onClear={() => setChecked(new Set())}
            onStarted={(id) => {
              setJobId(id);
              setChecked(new Set());
            }}
          />
        )}
        {query.isPending ? (
          <div className="empty" role="status" data-testid="dl-loading">
            Loading {tab === 'failed' ? 'failed responses' : 'dead letters'}…
          </div>
        ) : query.isError && count === 0 ? (
          <div className="alert" role="alert" data-testid="dl-error">
            Could not load {tab === 'failed' ? 'failed responses' : 'dead letters'}: {query.error.message}{' '}
            <button type="button" onClick={() => void query.refetch()}>
              Retry
            </button>
          </div>
        ) : count === 0 ? (
          tab === 'failed' ? (
            <div className="empty" data-testid="dl-empty">
              No stored response has <code>ok: false</code>
              {hasDeadLetterFilters(filters) ? ' under these filters' : ''}.
            </div>
          ) : (
            <EmptyDeadLetters filtered={hasDeadLetterFilters(filters)} clearHref={deadLettersHref({ view: filters.view })} />
          )
        ) : tab === 'grouped' ? (
          <DeadLetterGroups groups={groups} onOpen={openGroup} />
        ) : tab === 'flat' ? (
          <DeadLetterTable
            rows={rows}
            selectedId={selectedId}
            checked={checked}
            selectable={canOperate}
            hasMore={hasNextPage}
            loadingMore={isFetchingNextPage}
            onLoadMore={loadMore}
            onSelect={select}
            onCheck={check}
            onCheckAll={checkAll}
          />
        ) : (
          <FailedResponses rows={failedRows} />
        )}
        {count > 0 && (
          <p className="table-footer muted" data-testid="dl-footer">
            {count.toLocaleString('en')} {tab === 'grouped' ? 'groups' : tab === 'flat' ? 'dead letters' : 'failed responses'} loaded
            {query.hasNextPage && tab !== 'flat' && (
              <>
                {' '}
                ·{' '}
                <button type="button" className="link-button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
                  load more
                </button>
              </>
            )}
          </p>
        )}
      </div>
      {selectedId && <DeadLetterPanel id={selectedId} onClose={close} />}
    </div>
  );
}

function toggled(current: ReadonlySet<string>, ids: readonly string[], on: boolean): ReadonlySet<string> {
  const next = new Set(current);
  for (const id of ids) {
    if (on) next.add(id);
    else next.delete(id);
  }
  return next;
}

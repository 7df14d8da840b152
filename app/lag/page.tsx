import type { Metadata } from 'next';
import { AutoRefresh } from '../_components/auto-refresh';
import { LocalTime } from '../_components/local-time';
import type { ConsumerLag } from '@/server/lag';
import { readConsumerLag } from '@/server/lag/read-consumer-lag';
import { getLensRuntime } from '@/server/runtime';
import { attentionSummary, byAttention } from './_components/attention-order';
import { parseHistoryRange, type HistoryRange } from './_components/format-lag';
import { LagTable, type LagView } from './_components/lag-table';
import styles from './lag.module.css';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Consumer lag' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** `?expand=a,b` lists the groups shown with their partitions and chart; `?range=` the chart's time range. */
function lagView(params: Record<string, string | string[] | undefined>): LagView {
  const expandParam = params['expand'];
  const expanded = (typeof expandParam === 'string' ? expandParam.split(',') : []).filter(Boolean);
  const range = parseHistoryRange(params['range']);
  return {
    expanded,
    range,
    href(change: { expanded?: readonly string[]; range?: HistoryRange }) {
      const next = new URLSearchParams();
      const groups = change.expanded ?? expanded;
      if (groups.length > 0) next.set('expand', groups.join(','));
      const r = change.range ?? range;
      if (r !== '1h') next.set('range', r);
      const query = next.toString();
      return query === '' ? '/lag' : `/lag?${query}`;
    },
  };
}

export default async function LagPage({ searchParams }: Props) {
  const view = lagView(await searchParams);
  let lag: ConsumerLag;
  try {
    lag = await readConsumerLag({});
  } catch (error) {
    return (
      <>
        <AutoRefresh seconds={5} />
        <h1>Consumer lag</h1>
        <div className="alert" role="alert" data-testid="lag-error">
          Cannot read consumer lag from Kafka: {(error as Error).message}
        </div>
      </>
    );
  }
  return (
    <>
      <AutoRefresh seconds={5} />
      <h1>Consumer lag</h1>
      {lag.asOf !== undefined && (
        <p className={styles.summary}>
          <span data-testid="lag-summary">{attentionSummary(lag.groups)}</span> · offsets read at <LocalTime iso={lag.asOf} />; refreshed every 5 s.
        </p>
      )}
      {lag.groups.length === 0 ? (
        <div className="empty" data-testid="lag-empty">
          No consumer groups on this cluster.
        </div>
      ) : (
        <LagTable groups={byAttention(lag.groups)} view={view} parkTopicSuffix={getLensRuntime().config.deadLetters.parkTopicSuffix ?? '.dlq'} />
      )}
    </>
  );
}

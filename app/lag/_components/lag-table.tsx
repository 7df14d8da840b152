import Link from 'next/link';
import { Fragment } from 'react';
import type { GroupLag } from '@/server/lag';
import styles from '../lag.module.css';
import { formatCatchUp, formatLagSeconds, type HistoryRange } from './format-lag';
import { FallingBehindBadge, StuckCountBadge } from './lag-badges';
import { LagHistoryChart } from './lag-history-chart';
import { PartitionTable } from './partition-table';

export interface LagView {
  expanded: readonly string[];
  range: HistoryRange;
  /** the page's URL for another set of expanded groups or another range */
  href(change: { expanded?: readonly string[]; range?: HistoryRange }): string;
}

/** Every consumer group by id; a group expands (through the URL) into its partitions and history chart. */
export function LagTable({ groups, view, parkTopicSuffix }: { groups: GroupLag[]; view: LagView; parkTopicSuffix: string }) {
  return (
    <table className={styles.table} data-testid="lag-table">
      <thead>
        <tr>
          <th>Group</th>
          <th>State</th>
          <th className="num">Members</th>
          <th className="num">Lag (records)</th>
          <th className="num">Lag (time)</th>
          <th>Catch-up</th>
          <th>Alerts</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => {
          const open = view.expanded.includes(g.groupId);
          const toggled = open ? view.expanded.filter((id) => id !== g.groupId) : [...view.expanded, g.groupId];
          return (
            <Fragment key={g.groupId}>
              <tr className={styles.groupRow} data-testid="lag-group" data-group-id={g.groupId} data-expanded={open}>
                <td>
                  <Link href={view.href({ expanded: toggled })} className={`${styles.toggle} mono`} aria-expanded={open} scroll={false} replace>
                    {g.groupId}
                  </Link>
                </td>
                <td data-testid="group-state">{g.state}</td>
                <td className="num" data-testid="group-members">
                  {g.members.length}
                </td>
                <td className="num" data-testid="group-lag-records">
                  {g.lagRecords.toLocaleString('en')}
                </td>
                <td className="num" data-testid="group-lag-seconds" title={g.lagSeconds === null ? 'the oldest unconsumed record could not be read' : `${g.lagSeconds} s`}>
                  <span className={g.lagSeconds === null ? styles.unknown : undefined}>{formatLagSeconds(g.lagSeconds)}</span>
                </td>
                <td data-testid="group-catch-up">{formatCatchUp(g.lagRecords, g.catchUpSeconds, g.fallingBehind)}</td>
                <td>
                  <span className={styles.badges}>
                    <StuckCountBadge count={g.stuckPartitions} />
                    <FallingBehindBadge show={g.fallingBehind} />
                  </span>
                </td>
              </tr>
              {open && (
                <tr className={styles.detail} data-testid="lag-group-detail" data-group-id={g.groupId}>
                  <td colSpan={7}>
                    <PartitionTable group={g} parkTopicSuffix={parkTopicSuffix} />
                    <LagHistoryChart
                      groupId={g.groupId}
                      range={view.range}
                      rangeHref={{
                        '1h': view.href({ range: '1h' }),
                        '6h': view.href({ range: '6h' }),
                        '24h': view.href({ range: '24h' }),
                        '7d': view.href({ range: '7d' }),
                      }}
                    />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

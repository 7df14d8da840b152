import type { GroupLag } from '@/server/lag';
import styles from '../lag.module.css';
import { formatCatchUp, formatLagSeconds } from './format-lag';
import { FallingBehindBadge, StuckBadge } from './lag-badges';
import { ParkAction } from './park-dialog';

/** One group's partitions: offsets, lag and alerts; never-committed partitions are marked. */
export function PartitionTable({ group, parkTopicSuffix }: { group: GroupLag; parkTopicSuffix: string }) {
  if (group.partitions.length === 0) return <div className="empty">This group holds no offsets and has no partitions assigned.</div>;
  return (
    <table className={styles.partitions} data-testid="lag-partitions" aria-label={`Partitions of ${group.groupId}`}>
      <thead>
        <tr>
          <th>Topic</th>
          <th className="num">Partition</th>
          <th className="num">Committed</th>
          <th className="num">High watermark</th>
          <th className="num">Log start</th>
          <th className="num">Lag (records)</th>
          <th className="num">Lag (time)</th>
          <th>Catch-up</th>
          <th>Alerts</th>
        </tr>
      </thead>
      <tbody>
        {group.partitions.map((p) => (
          <tr key={`${p.topic}:${p.partition}`} data-testid="lag-partition" data-partition={`${p.topic}:${p.partition}`}>
            <td className="mono">{p.topic}</td>
            <td className="num">{p.partition}</td>
            <td className="num" title={p.committedBelowLogStart ? 'below the log start: those records are gone' : undefined}>
              {p.committedOffset === null ? <span className={styles.unknown}>never committed</span> : p.committedOffset}
              {p.committedBelowLogStart && ' ⚠'}
            </td>
            <td className="num">{p.highWatermark}</td>
            <td className="num">{p.logStartOffset}</td>
            <td className="num" data-testid="partition-lag-records">
              {p.lagRecords.toLocaleString('en')}
            </td>
            <td className="num" data-testid="partition-lag-seconds">
              {formatLagSeconds(p.lagSeconds)}
            </td>
            <td>{formatCatchUp(p.lagRecords, p.catchUpSeconds, p.fallingBehind)}</td>
            <td>
              <span className={styles.badges}>
                <StuckBadge partition={p} />
                <FallingBehindBadge show={p.fallingBehind} />
              </span>
              <ParkAction
                stuck={p.stuckSince !== null}
                target={{
                  groupId: group.groupId,
                  topic: p.topic,
                  partition: p.partition,
                  // where the group resumes: as the stuck badge says
                  offset: p.highWatermark - p.lagRecords,
                  stuckSince: p.stuckSince,
                  members: group.members,
                  dlqTopic: `${p.topic}${parkTopicSuffix}`,
                }}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

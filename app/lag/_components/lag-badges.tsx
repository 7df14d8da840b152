import Link from 'next/link';
import { LocalTime } from '@/app/_components/local-time';
import type { PartitionLag } from '@/server/lag';
import styles from '../lag.module.css';

/** "stuck at offset N since …", linking to the record the group cannot get past. */
export function StuckBadge({ partition }: { partition: PartitionLag }) {
  if (partition.stuckSince === null) return null;
  // where the group resumes: the committed offset, or the log start when it never committed or retention moved past it
  const offset = partition.highWatermark - partition.lagRecords;
  return (
    <span className={`${styles.badge} ${styles.stuck}`} data-testid="stuck-badge">
      stuck at offset{' '}
      <Link href={`/records/${encodeURIComponent(`${partition.topic}:${partition.partition}:${offset}`)}`} className="mono">
        {offset}
      </Link>{' '}
      since <LocalTime iso={partition.stuckSince} />
    </span>
  );
}

export function FallingBehindBadge({ show }: { show: boolean }) {
  return show ? (
    <span className={`${styles.badge} ${styles.falling}`} data-testid="falling-behind-badge">
      falling behind
    </span>
  ) : null;
}

export function StuckCountBadge({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <span className={`${styles.badge} ${styles.stuck}`} data-testid="stuck-count-badge">
      {count === 1 ? '1 partition stuck' : `${count} partitions stuck`}
    </span>
  );
}

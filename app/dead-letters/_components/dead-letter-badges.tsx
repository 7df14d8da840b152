import Link from 'next/link';
import type { RequeueStatus } from '@/server/deadletters/contract';
import styles from '../dead-letters.module.css';
import { timelineRecordHref } from './requeue-actions';

/** "requeued → new record", "requeueing…" and "failed again (n times)". */
export function DeadLetterBadges({ requeue, failedAgain, link = true }: { requeue: RequeueStatus | null; failedAgain: number; link?: boolean }) {
  return (
    <span className={styles.badges}>
      {requeue?.state === 'requeued' && requeue.target !== null && (
        <span className="badge response" data-testid="dl-requeued-badge" title={`by ${requeue.by} at ${requeue.at}${requeue.edited ? ', edited' : ''}`}>
          requeued{requeue.edited ? ' (edited)' : ''} →{' '}
          {link ? (
            <Link href={timelineRecordHref(requeue.target)} className="mono">
              {requeue.target}
            </Link>
          ) : (
            <span className="mono">{requeue.target}</span>
          )}
        </span>
      )}
      {requeue?.state === 'pending' && (
        <span className="badge" data-testid="dl-pending-badge" title={`to ${requeue.targetTopic}, by ${requeue.by}`}>
          requeueing…
        </span>
      )}
      {failedAgain > 0 && (
        <span className="badge error" data-testid="dl-failed-again-badge">
          failed again ({failedAgain} {failedAgain === 1 ? 'time' : 'times'})
        </span>
      )}
    </span>
  );
}

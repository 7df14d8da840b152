'use client';
import type { DeadLetterGroup } from '@/server/deadletters/contract';
import { LocalTime } from '../../_components/local-time';
import styles from '../dead-letters.module.css';

/** One row per bug (dead-letter topic, original topic, error fingerprint); a row opens its dead letters. */
export function DeadLetterGroups({ groups, onOpen }: { groups: readonly DeadLetterGroup[]; onOpen: (group: DeadLetterGroup) => void }) {
  return (
    <div className={styles.scroll}>
      <table className={styles.table} data-testid="dl-groups">
        <thead>
          <tr>
            <th>Error class</th>
            <th>Message (normalised)</th>
            <th>Original topic</th>
            <th>Dead-letter topic</th>
            <th className="num">Count</th>
            <th>First seen</th>
            <th>Last seen</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => (
            <tr
              key={`${group.dlqTopic} ${group.originalTopic ?? ''} ${group.fingerprint}`}
              className={styles.clickable}
              tabIndex={0}
              onClick={() => onOpen(group)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') onOpen(group);
              }}
              data-testid="dl-group-row"
              data-fingerprint={group.fingerprint}
            >
              <td className="mono">{group.errorClass ?? <span className="muted">none</span>}</td>
              <td className={styles.message} title={group.sampleMessage ?? undefined}>
                {group.fingerprintText || <span className="muted">no message</span>}
              </td>
              <td className="mono">{group.originalTopic ?? <span className="muted">unknown</span>}</td>
              <td className="mono">{group.dlqTopic}</td>
              <td className="num" data-testid="dl-group-count">
                {group.count.toLocaleString('en')}
              </td>
              <td>
                <LocalTime iso={group.firstSeen} compact />
              </td>
              <td>
                <LocalTime iso={group.lastSeen} compact />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

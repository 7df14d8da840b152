import { formatLagSeconds } from '@/app/lag/_components/format-lag';
import type { FlowNode } from '@/server/flows/contract';
import styles from '../flows.module.css';

/** The consuming service's group lag: records behind and the age of the oldest unconsumed record. */
export function LagBadge({ node }: { node: FlowNode }) {
  if (node.lag === null) return null;
  const { lagRecords, lagSeconds } = node.lag;
  const level = lagRecords === 0 ? 'none' : lagSeconds !== null && lagSeconds >= 60 ? 'high' : 'some';
  return (
    <span
      className={styles.lag}
      data-level={level}
      data-testid="node-lag"
      title={`consumer group ${node.groupId ?? ''}: ${lagRecords.toLocaleString('en')} records behind, oldest unconsumed ${formatLagSeconds(lagSeconds)}`}
    >
      lag {lagRecords.toLocaleString('en')}
      {lagRecords > 0 && lagSeconds !== null ? ` · ${formatLagSeconds(lagSeconds)}` : ''}
    </span>
  );
}

import type { KafkaAccess } from '../kafka';
import type { RecordStore } from '../store/contract';
import { createLogger } from '../telemetry/logger';
import type { RequeueStatus, RequeueStatusSource } from './contract';
import { openRequeueLog, toRequeueStatus, type RequeueLog } from './requeue-log';
import { createSendOnce, type SendOnce } from './send-once';

const log = createLogger('deadletters');

/** Requeue and replay on the runtime (`runtime.deadLetters`): the durable requeue log and the once-only sender. */
export interface DeadLetterActions extends RequeueStatusSource {
  requeueLog: RequeueLog;
  sendOnce: SendOnce;
  close(): Promise<void>;
}

export interface DeadLetterActionsDeps {
  dataDir: string;
  kafka: KafkaAccess;
  store: RecordStore;
  /** find or produce the sends a crash left `pending` right away (off in tests that drive recovery themselves) */
  recoverAtStart?: boolean;
}

export function createDeadLetterActions(deps: DeadLetterActionsDeps): DeadLetterActions {
  const requeueLog = openRequeueLog(deps.dataDir);
  const sendOnce = createSendOnce({ log: requeueLog, kafka: deps.kafka });
  if (deps.recoverAtStart ?? true) {
    void sendOnce.recoverPending().then(
      (outcomes) => outcomes.length > 0 && log.info('recovered pending sends', { count: outcomes.length, failed: outcomes.filter((o) => o.status === 'failed').length }),
      (error: unknown) => log.warn('recovering pending sends failed; they are retried before they are touched again', { error }),
    );
  }
  return {
    requeueLog,
    sendOnce,
    requeueStatus(ids) {
      const statuses = new Map<string, RequeueStatus>();
      for (const [key, row] of requeueLog.rows(ids)) if (row.kind === 'requeue') statuses.set(key, toRequeueStatus(row));
      return Promise.resolve(statuses);
    },
    async close() {
      await sendOnce.close();
      requeueLog.close();
    },
  };
}

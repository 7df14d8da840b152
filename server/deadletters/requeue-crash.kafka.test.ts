import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEventyJson } from '../decode';
import { exampleEvent } from '../decode/eventy-examples.fixture';
import { closeSharedAdmin, type KafkaAccess } from '../kafka';
import { openSqliteRecordStore } from '../store';
import type { RecordStore } from '../store/contract';
import { createTopics, produce, tempDir, testConfig, testKafka, uniquePrefix } from '../../testing/kafka-fixtures';
import { lensHeaders } from './contract';
import { createDeadLetterActions } from './dead-letter-actions';
import { createJobStore } from './job-store';
import { openRequeueLog } from './requeue-log';
import { countByHeader, readTopicPlainly, storeTopic } from './requeue.fixture';

const prefix = uniquePrefix('requeue-crash');
const original = `${prefix}orders-events`;
const dlq = `${prefix}orders-events.dlq`;
const total = 1000;

let kafka: KafkaAccess;
let store: RecordStore;
let dataDir: string;
let ids: string[];

beforeAll(async () => {
  kafka = testKafka();
  await createTopics(kafka, [original, dlq], 3);
  const value = encodeEventyJson(exampleEvent);
  await produce(
    kafka,
    dlq,
    Array.from({ length: total }, (_, i) => ({ key: `order-${i}`, value, headers: { [lensHeaders.originalTopic]: original, [lensHeaders.originalPartition]: String(i % 3) } })),
  );
  dataDir = tempDir('lens-requeue-crash');
  store = openSqliteRecordStore({ dataDir });
  ids = (await storeTopic(kafka, store, dlq)).map((m) => `${m.topic}:${m.partition}:${m.offset}`);
});

afterAll(async () => {
  await store?.close();
  const admin = await kafka.connectAdmin();
  await admin.deleteTopics([original, dlq]).finally(() => admin.close());
  await closeSharedAdmin();
});

describe('bulk requeue killed with SIGKILL mid-batch', () => {
  it('resumes so that each dead letter is on the target exactly once', async () => {
    const log = openRequeueLog(dataDir);
    const job = createJobStore(log).create({ kind: 'requeue', description: `${total} dead letters`, params: {}, items: ids, createdBy: 'alice' });
    log.close();

    // the child is killed right after the broker acknowledged its 6th batch of 50, before the log marked it
    const child = promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(__dirname, 'crash-child.fixture.ts'), dataDir, job.id, '6'], { cwd: path.resolve(__dirname, '../..') });
    await expect(child).rejects.toMatchObject({ signal: 'SIGKILL' });

    const afterCrash = openRequeueLog(dataDir);
    expect(afterCrash.pendingRows()).toHaveLength(50);
    afterCrash.close();
    expect((await readTopicPlainly(original)).length).toBe(300);

    const config = testConfig({ LENS_DATA_DIR: dataDir });
    const actions = createDeadLetterActions({ dataDir, kafka, store, deadLetters: config.deadLetters, requeue: config.requeue, recoverAtStart: false, batchSize: 50 });
    try {
      expect(actions.jobs.view(job.id)?.state).toBe('interrupted');
      await actions.runner.run(job.id);
      expect(actions.jobs.view(job.id)).toMatchObject({ state: 'done', total, done: total, skipped: 0, failed: 0 });
    } finally {
      await actions.close();
    }

    const onTarget = await readTopicPlainly(original);
    expect(onTarget).toHaveLength(total);
    const perDeadLetter = countByHeader(onTarget, lensHeaders.requeuedFrom);
    expect(perDeadLetter.size).toBe(total);
    expect([...perDeadLetter.values()].every((n) => n === 1)).toBe(true);
    const perRequeueId = countByHeader(onTarget, lensHeaders.requeueId);
    expect(perRequeueId.size).toBe(total);
    expect([...perRequeueId.values()].every((n) => n === 1)).toBe(true);
  });
});

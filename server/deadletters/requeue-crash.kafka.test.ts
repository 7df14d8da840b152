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
import { databaseNameOf, databaseUrlOf, withDatabase } from '../../testing/postgres-fixtures';
import { lensHeaders } from './contract';
import { createDeadLetterActions } from './dead-letter-actions';
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
  await admin.deleteTopics([original, dlq, `${original}-sqlite`, `${original}-postgres`]).finally(() => admin.close());
  await closeSharedAdmin();
});

// the log in a SQLite file of one instance, or in the shared PostgreSQL database: there the one that resumes is another instance
describe.each(['sqlite', 'postgres'] as const)('bulk requeue killed with SIGKILL mid-batch (%s log)', (engine) => {
  let databaseUrl: string | undefined;
  beforeAll(async () => {
    if (engine === 'sqlite') return;
    const name = databaseNameOf(`${prefix}log`);
    await withDatabase((client) => client.query(`CREATE DATABASE ${name}`));
    databaseUrl = databaseUrlOf(name);
  });
  afterAll(async () => {
    if (databaseUrl !== undefined) await withDatabase((client) => client.query(`DROP DATABASE IF EXISTS ${databaseNameOf(`${prefix}log`)} WITH (FORCE)`));
  });

  it('resumes so that each dead letter is on the target exactly once', async () => {
    const target = `${original}-${engine}`;
    await createTopics(kafka, [target], 3);
    const at = databaseUrl === undefined ? { dataDir: path.join(dataDir, engine) } : { databaseUrl };
    const log = openRequeueLog(at);
    const job = await log.jobs.create({ kind: 'requeue', description: `${total} dead letters`, params: { topic: target }, items: ids, createdBy: 'alice' });
    await log.close();

    // the child is killed right after the broker acknowledged its 6th batch of 50, before the log marked it
    const args = [path.join(__dirname, 'crash-child.fixture.ts'), dataDir, job.id, '6', JSON.stringify(at)];
    const child = promisify(execFile)(process.execPath, ['--import', 'tsx', ...args], { cwd: path.resolve(__dirname, '../..') });
    await expect(child).rejects.toMatchObject({ signal: 'SIGKILL' });

    const afterCrash = openRequeueLog(at);
    expect(await afterCrash.pendingRows()).toHaveLength(50);
    await afterCrash.close();
    expect((await readTopicPlainly(target)).length).toBe(300);

    const config = testConfig({ LENS_DATA_DIR: dataDir });
    const actions = createDeadLetterActions({ dataDir: at.dataDir ?? dataDir, databaseUrl, kafka, store, deadLetters: config.deadLetters, requeue: config.requeue, recoverAtStart: false, batchSize: 50 });
    try {
      await expect.poll(async () => (await actions.jobs.view(job.id))?.state).toBe('interrupted');
      await actions.runner.run(job.id).done;
      expect(await actions.jobs.view(job.id)).toMatchObject({ state: 'done', total, done: total, skipped: 0, failed: 0 });
    } finally {
      await actions.close();
    }

    const onTarget = await readTopicPlainly(target);
    expect(onTarget).toHaveLength(total);
    const perDeadLetter = countByHeader(onTarget, lensHeaders.requeuedFrom);
    expect(perDeadLetter.size).toBe(total);
    expect([...perDeadLetter.values()].every((n) => n === 1)).toBe(true);
    const perRequeueId = countByHeader(onTarget, lensHeaders.requeueId);
    expect(perRequeueId.size).toBe(total);
    expect([...perRequeueId.values()].every((n) => n === 1)).toBe(true);
  });
});

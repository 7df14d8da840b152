/**
 * Two Eventy Lens instances on one PostgreSQL database (the shared setup): each has its own connections, its own
 * in-process view of what is in flight, and its own Kafka producer; only the database is common. Whatever the two are
 * asked at the same time, every dead letter lands on its target once, and a job is run and stopped by one runner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEventyJson } from '../decode';
import { exampleEvent } from '../decode/eventy-examples.fixture';
import { closeSharedAdmin, type KafkaAccess } from '../kafka';
import { openSqliteRecordStore } from '../store';
import type { RecordStore } from '../store/contract';
import { createTopics, produce, tempDir, testConfig, testKafka, uniquePrefix } from '../../testing/kafka-fixtures';
import { databaseNameOf, databaseUrlOf, withDatabase } from '../../testing/postgres-fixtures';
import { lensHeaders } from './contract';
import { createDeadLetterActions, type DeadLetterActions } from './dead-letter-actions';
import { countByHeader, readTopicPlainly, storeTopic } from './requeue.fixture';

const prefix = uniquePrefix('shared-requeue');
const original = `${prefix}orders-events`;
const dlq = `${prefix}orders-events.dlq`;
const replayTarget = `${prefix}replayed`;
const database = databaseNameOf(`${prefix}db`);
const total = 300;

let kafka: KafkaAccess;
let store: RecordStore;
let ids: string[];
let a: DeadLetterActions;
let b: DeadLetterActions;

beforeAll(async () => {
  kafka = testKafka();
  await createTopics(kafka, [original, dlq, replayTarget], 3);
  const value = encodeEventyJson(exampleEvent);
  await produce(
    kafka,
    dlq,
    Array.from({ length: total }, (_, i) => ({ key: `order-${i}`, value, headers: { [lensHeaders.originalTopic]: original, [lensHeaders.originalPartition]: String(i % 3) } })),
  );
  const dataDir = tempDir('lens-shared-requeue');
  store = openSqliteRecordStore({ dataDir });
  ids = (await storeTopic(kafka, store, dlq)).map((m) => `${m.topic}:${m.partition}:${m.offset}`);
  await withDatabase((client) => client.query(`CREATE DATABASE ${database}`));
  const config = testConfig({ LENS_DATA_DIR: dataDir });
  const instance = () =>
    createDeadLetterActions({ dataDir, databaseUrl: databaseUrlOf(database), kafka, store, deadLetters: config.deadLetters, requeue: config.requeue, recoverAtStart: false, batchSize: 60 });
  a = instance();
  b = instance();
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await store?.close();
  await withDatabase((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  const admin = await kafka.connectAdmin();
  await admin.deleteTopics([original, dlq, replayTarget]).finally(() => admin.close());
  await closeSharedAdmin();
});

describe('two instances sharing the requeue log in PostgreSQL', () => {
  it('put every dead letter on its target once when both bulk-requeue them all and single requeues race them', async () => {
    const [jobA, jobB] = await Promise.all([a.startBulkRequeue({ ids }, 'alice'), b.startBulkRequeue({ ids: [...ids].reverse() }, 'bob')]);
    if (!jobA.ok || !jobB.ok) throw new Error('a bulk requeue was refused');
    const singles = await Promise.all(ids.slice(0, 40).map((id, i) => (i % 2 === 0 ? a : b).requeue(id, {}, 'carol')));
    await Promise.all([a.runner.run(jobA.job.id).done, b.runner.run(jobB.job.id).done]);

    for (const single of singles) expect(single.ok && single.answer.status).toMatch(/^(requeued|already-requeued)$/);
    // each instance sees both jobs, finished, every item done (sent by it, or found sent by the other)
    for (const instance of [a, b]) {
      for (const job of [jobA.job, jobB.job]) expect(await instance.jobs.view(job.id)).toMatchObject({ state: 'done', total, done: total, skipped: 0, failed: 0 });
    }
    const onTarget = await readTopicPlainly(original);
    expect(onTarget).toHaveLength(total);
    const perDeadLetter = countByHeader(onTarget, lensHeaders.requeuedFrom);
    expect(perDeadLetter.size).toBe(total);
    expect([...perDeadLetter.values()].every((n) => n === 1)).toBe(true);
    // both instances answer the same requeue for a dead letter, with the record's place on the target
    const [statusA, statusB] = await Promise.all([a.requeueStatus([ids[7]!]), b.requeueStatus([ids[7]!])]);
    expect(statusA.get(ids[7]!)).toEqual(statusB.get(ids[7]!));
    expect(statusA.get(ids[7]!)?.state).toBe('requeued');
    expect(statusA.get(ids[7]!)?.target).toMatch(new RegExp(`^${original}:\\d:\\d+$`));
  });

  it('let one instance stop a job another runs, and refuse to run it twice', async () => {
    const started = await a.replay({ source: { topic: dlq }, target: replayTarget, ratePerSecond: 5 }, 'alice');
    if (!started.ok || started.answer.dryRun) throw new Error(JSON.stringify(started));
    const { jobId } = started.answer;
    await expect.poll(async () => (await b.jobs.view(jobId))?.state).toBe('running');
    expect(await b.runner.run(jobId).started).toBe(false);
    await b.runner.cancel(jobId);
    await a.runner.run(jobId).done;
    const job = (await b.jobs.view(jobId))!;
    expect(job.state).toBe('cancelled');
    expect(job.done).toBeLessThan(total);
    expect((await readTopicPlainly(replayTarget)).length).toBe(job.done);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSharedAdmin, type KafkaAccess } from '../kafka';
import { openSqliteRecordStore } from '../store';
import type { RecordStore } from '../store/contract';
import { encoded, testEvent } from '../../testing/eventy-records';
import { createTopics, produce, tempDir, testConfig, testKafka, uniquePrefix } from '../../testing/kafka-fixtures';
import { lensHeaders, type ReplayAnswer, type ReplayBody } from './contract';
import { createDeadLetterActions, type DeadLetterActions } from './dead-letter-actions';
import { countByHeader, readTopicPlainly, storeTopic } from './requeue.fixture';

const prefix = uniquePrefix('replay');
const source = `${prefix}orders-events`;
const target = `${prefix}orders-replayed`;
const correlationId = `orders:POST_/api/orders:${prefix}`;

let kafka: KafkaAccess;
let store: RecordStore;
let actions: DeadLetterActions;

beforeAll(async () => {
  kafka = testKafka();
  await createTopics(kafka, [source], 2);
  await createTopics(kafka, [target], 3);
  await produce(
    kafka,
    source,
    Array.from({ length: 30 }, (_, i) => ({ ...encoded(testEvent({ data: { line: i }, ...(i < 3 ? { correlation_id: correlationId } : {}) })), key: `k-${i}`, partition: i % 2, headers: { 'x-line': String(i) } })),
  );
  const dataDir = tempDir('lens-replay');
  store = openSqliteRecordStore({ dataDir });
  await storeTopic(kafka, store, source);
  const config = testConfig({ LENS_DATA_DIR: dataDir });
  actions = createDeadLetterActions({ dataDir, kafka, store, deadLetters: config.deadLetters, requeue: config.requeue, recoverAtStart: false, batchSize: 7 });
});

afterAll(async () => {
  await actions?.close();
  await store?.close();
  const admin = await kafka.connectAdmin();
  await admin.deleteTopics([source, target]).finally(() => admin.close());
  await closeSharedAdmin();
});

async function dryRun(body: Omit<ReplayBody, 'dryRun'>): Promise<Extract<ReplayAnswer, { dryRun: true }>> {
  const result = await actions.replay({ ...body, dryRun: true }, 'alice');
  if (!result.ok || !result.answer.dryRun) throw new Error(JSON.stringify(result));
  return result.answer;
}

describe('replay', () => {
  it('answers a dry run with exactly what would be sent, and sends nothing', async () => {
    const all = await dryRun({ source: { topic: source }, target });
    expect(all).toMatchObject({ dryRun: true, count: 30, target, ratePerSecond: 1000 });
    expect(all.records.map((r) => r.id).slice(0, 3)).toEqual([`${source}:0:0`, `${source}:0:1`, `${source}:0:2`]);
    const range = await dryRun({ source: { topic: source, partition: 1, fromOffset: 2, toOffset: 5 }, target });
    expect(range.records.map((r) => r.id)).toEqual([2, 3, 4, 5].map((o) => `${source}:1:${o}`));
    expect((await dryRun({ source: { correlationId }, target })).count).toBe(3);
    expect(await readTopicPlainly(target)).toEqual([]);
  });

  it('refuses a target topic that does not exist and a rate above the maximum', async () => {
    expect(await actions.replay({ source: { topic: source }, target: `${prefix}missing`, dryRun: true }, 'alice')).toMatchObject({ ok: false, status: 422, issues: [expect.stringContaining('does not exist')] });
    expect(await actions.replay({ source: { topic: source }, target, ratePerSecond: 10_001 }, 'alice')).toMatchObject({ ok: false, status: 422 });
  });

  it('copies every record once with its key, value and headers plus the replay headers, also when the job runs again', async () => {
    const started = await actions.replay({ source: { topic: source }, target, ratePerSecond: 200 }, 'alice');
    if (!started.ok || started.answer.dryRun) throw new Error(JSON.stringify(started));
    const { jobId } = started.answer;
    await actions.runner.run(jobId).done;
    expect(await actions.jobs.view(jobId)).toMatchObject({ kind: 'replay', state: 'done', total: 30, done: 30, skipped: 0, failed: 0, createdBy: 'alice' });
    await actions.runner.run(jobId).done;

    const copies = await readTopicPlainly(target);
    expect(copies).toHaveLength(30);
    expect(countByHeader(copies, lensHeaders.replayId)).toEqual(new Map([[jobId, 30]]));
    const perSource = countByHeader(copies, lensHeaders.replayedFrom);
    expect(perSource.size).toBe(30);
    const line7 = copies.find((c) => c.headers[lensHeaders.replayedFrom]?.[0] === `${source}:1:3`);
    expect(line7).toMatchObject({ key: 'k-7', headers: { 'x-line': ['7'] } });
    expect((JSON.parse(line7!.value!.toString()) as { data: unknown }).data).toEqual({ line: 7 });
  });

  it('stops a cancelled replay after its current batch', async () => {
    const started = await actions.replay({ source: { topic: source }, target, ratePerSecond: 5 }, 'alice');
    if (!started.ok || started.answer.dryRun) throw new Error(JSON.stringify(started));
    const { jobId } = started.answer;
    const running = actions.runner.run(jobId).done;
    await actions.runner.cancel(jobId);
    await running;
    const job = (await actions.jobs.view(jobId))!;
    expect(job.state).toBe('cancelled');
    expect(job.done).toBeLessThanOrEqual(5);
    expect(job.finishedAt).not.toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEventyJson } from '../decode';
import { exampleEvent, exampleFields } from '../decode/eventy-examples.fixture';
import { closeSharedAdmin, type KafkaAccess, type OutgoingMessage } from '../kafka';
import { openSqliteRecordStore } from '../store';
import type { RecordStore } from '../store/contract';
import { createTopics, produce, tempDir, testConfig, testKafka, uniquePrefix } from '../../testing/kafka-fixtures';
import { lensHeaders } from './contract';
import { createDeadLetterActions, type DeadLetterActions } from './dead-letter-actions';
import { countByHeader, readTopicPlainly, storeTopic } from './requeue.fixture';

const prefix = uniquePrefix('requeue');
const original = `${prefix}orders-events`;
const dlq = `${prefix}orders-events.dlq`;
const value = encodeEventyJson(exampleEvent);

function deadLetter(i: number, extra: Record<string, string> = {}): OutgoingMessage {
  return {
    key: `order-${i}`,
    value,
    headers: {
      traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
      'kafka_dlt-exception-message': `boom ${i}`,
      [lensHeaders.originalTopic]: original,
      [lensHeaders.originalPartition]: '2',
      [lensHeaders.originalOffset]: String(100 + i),
      ...extra,
    },
  };
}

let kafka: KafkaAccess;
let store: RecordStore;
let actions: DeadLetterActions;
const idOf = (offset: number) => `${dlq}:0:${offset}`;

beforeAll(async () => {
  kafka = testKafka();
  await createTopics(kafka, [original], 3);
  await createTopics(kafka, [dlq], 1);
  await produce(kafka, dlq, [
    deadLetter(0),
    deadLetter(1),
    deadLetter(2),
    deadLetter(3, { [lensHeaders.requeueCount]: '1' }),
    deadLetter(4, { [lensHeaders.requeueCount]: '5' }),
    deadLetter(5),
    deadLetter(6),
  ]);
  const dataDir = tempDir('lens-requeue');
  store = openSqliteRecordStore({ dataDir });
  await storeTopic(kafka, store, dlq);
  const config = testConfig({ LENS_DATA_DIR: dataDir });
  actions = createDeadLetterActions({ dataDir, kafka, store, deadLetters: config.deadLetters, requeue: config.requeue, recoverAtStart: false });
});

afterAll(async () => {
  await actions?.close();
  await store?.close();
  const admin = await kafka.connectAdmin();
  await admin.deleteTopics([original, dlq]).finally(() => admin.close());
  await closeSharedAdmin();
});

describe('requeue one dead letter', () => {
  it('sends it once to its original partition with the original key, value and headers, minus the dead-letter ones, plus ours', async () => {
    const result = await actions.requeue(idOf(0), {}, 'alice');
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.answer.status).toBe('requeued');
    expect(result.answer.target).toMatch(new RegExp(`^${original}:2:\\d+$`));
    const records = await readTopicPlainly(original);
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record!.key).toBe('order-0');
    expect(record!.value).toEqual(value);
    expect(record!.headers).toEqual({
      traceparent: [`00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`],
      [lensHeaders.requeuedFrom]: [idOf(0)],
      [lensHeaders.requeuedBy]: ['alice'],
      [lensHeaders.requeueId]: [result.answer.requeueId],
      [lensHeaders.requeueCount]: ['1'],
    });
    expect(`${original}:${record!.partition}:${record!.offset}`).toBe(result.answer.target);
    expect((await actions.requeueStatus([idOf(0)])).get(idOf(0))).toMatchObject({ state: 'requeued', target: result.answer.target, by: 'alice', edited: false });
  });

  it('answers already-requeued to 10 concurrent requests and a later one: still one record', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => actions.requeue(idOf(1), {}, 'bob')));
    const answers = results.map((r) => (r.ok ? r.answer : null));
    expect(answers.filter((a) => a?.status === 'requeued')).toHaveLength(1);
    expect(answers.filter((a) => a?.status === 'already-requeued')).toHaveLength(9);
    expect(new Set(answers.map((a) => a?.target)).size).toBe(1);
    const again = await actions.requeue(idOf(1), { topic: original }, 'carol');
    expect(again.ok && again.answer).toMatchObject({ status: 'already-requeued', target: answers[0]!.target });
    const onTarget = await readTopicPlainly(original);
    expect(countByHeader(onTarget, lensHeaders.requeuedFrom).get(idOf(1))).toBe(1);
  });

  it('refuses an edited value that is not a valid record, with the reason, and sends nothing', async () => {
    const edited = JSON.stringify({ ...exampleFields(exampleEvent), requeued_by: 'me' });
    const result = await actions.requeue(idOf(2), { value: edited }, 'alice');
    expect(result).toEqual({ ok: false, refusal: { status: 422, error: 'the edited value is not a valid Eventy record', issues: ['unknown field "requeued_by" ignored; eventy would reject this record'] } });
    expect((await actions.requeueStatus([idOf(2)])).size).toBe(0);
  });

  it('refuses a target topic that does not exist and does not create it', async () => {
    const missing = `${prefix}missing`;
    const result = await actions.requeue(idOf(2), { topic: missing }, 'alice');
    expect(result.ok).toBe(false);
    expect(!result.ok && 'refusal' in result && result.refusal).toMatchObject({ status: 422, issues: [expect.stringContaining(`${missing} does not exist`)] });
    const admin = await kafka.connectAdmin();
    expect(await admin.listTopics().finally(() => admin.close())).not.toContain(missing);
  });

  it('sends a valid edited value in eventy encoding', async () => {
    const edited = { ...exampleFields(exampleEvent), data: { fixed: true } };
    const result = await actions.requeue(idOf(2), { value: JSON.stringify(edited, null, 2) }, 'alice');
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.changes).toEqual(expect.arrayContaining([{ path: 'data.fixed', before: undefined, after: true }]));
    const onTarget = await readTopicPlainly(original);
    const sent = onTarget.find((r) => r.headers[lensHeaders.requeuedFrom]?.[0] === idOf(2));
    expect(sent?.value).toEqual(encodeEventyJson({ ...exampleEvent, data: { fixed: true } }));
    expect((await actions.requeueStatus([idOf(2)])).get(idOf(2))?.edited).toBe(true);
  });

  it('needs a confirmation for a record that failed again, and refuses one past the cap', async () => {
    const unconfirmed = await actions.requeue(idOf(3), {}, 'alice');
    expect(!unconfirmed.ok && 'refusal' in unconfirmed && unconfirmed.refusal).toMatchObject({ status: 409, reason: 'failed-again', failedAgain: 1 });
    const confirmed = await actions.requeue(idOf(3), { confirmFailedAgain: true }, 'alice');
    expect(confirmed.ok && confirmed.answer.status).toBe('requeued');
    const onTarget = await readTopicPlainly(original);
    expect(onTarget.find((r) => r.headers[lensHeaders.requeuedFrom]?.[0] === idOf(3))?.headers[lensHeaders.requeueCount]).toEqual(['2']);
    const capped = await actions.requeue(idOf(4), { confirmFailedAgain: true }, 'alice');
    expect(!capped.ok && 'refusal' in capped && capped.refusal).toMatchObject({ status: 409, reason: 'max-attempts', failedAgain: 5 });
  });

  it('still sends after a topic it wrote to was deleted (kafkajs keeps failing such a producer: it is replaced)', async () => {
    const scratch = `${prefix}scratch`;
    await createTopics(kafka, [scratch], 1);
    const first = await actions.requeue(idOf(5), { topic: scratch }, 'alice');
    expect(first.ok && first.answer.target).toBe(`${scratch}:0:0`);
    const admin = await kafka.connectAdmin();
    await admin.deleteTopics([scratch]).finally(() => admin.close());
    const next = await actions.requeue(idOf(6), {}, 'alice');
    if (!next.ok) throw new Error(JSON.stringify(next));
    expect(next.answer.status).toBe('requeued');
    expect(countByHeader(await readTopicPlainly(original), lensHeaders.requeuedFrom).get(idOf(6))).toBe(1);
  });

  it('requeues by filter as a job: those already requeued count as done, the capped one is skipped with its reason', async () => {
    const started = await actions.startBulkRequeue({ filter: { dlqTopic: dlq } }, 'dora');
    if (!started.ok) throw new Error(started.error);
    await actions.runner.run(started.job.id).done;
    const job = (await actions.jobs.view(started.job.id))!;
    expect(job).toMatchObject({ kind: 'requeue', state: 'done', total: 7, done: 6, skipped: 1, failed: 0 });
    expect(job.errors.map((e) => e.id)).toEqual([idOf(4)]);
    expect(job.errors[0]?.reason).toContain('LENS_REQUEUE_MAX_ATTEMPTS');
    const onTarget = await readTopicPlainly(original);
    expect([...countByHeader(onTarget, lensHeaders.requeuedFrom).entries()].sort()).toEqual([0, 1, 2, 3, 6].map((o) => [idOf(o), 1]));
  });

  it('reads the value from Kafka when the store kept only a preview of it', async () => {
    const dataDir = tempDir('lens-requeue-preview');
    const previewStore = openSqliteRecordStore({ dataDir, maxRawBytes: 100, previewBytes: 10 });
    const other = `${prefix}preview-target`;
    await createTopics(kafka, [other], 1);
    await storeTopic(kafka, previewStore, dlq);
    expect((await previewStore.getRawValue(idOf(0)))?.truncated).toBe(true);
    const config = testConfig({ LENS_DATA_DIR: dataDir });
    const previewActions = createDeadLetterActions({ dataDir, kafka, store: previewStore, deadLetters: config.deadLetters, requeue: config.requeue, recoverAtStart: false });
    try {
      const result = await previewActions.requeue(idOf(0), { topic: other }, 'alice');
      expect(result.ok && result.answer.target).toBe(`${other}:0:0`);
      expect((await readTopicPlainly(other)).map((r) => r.value)).toEqual([value]);
    } finally {
      await previewActions.close();
      await previewStore.close();
      const admin = await kafka.connectAdmin();
      await admin.deleteTopics([other]).finally(() => admin.close());
    }
  });
});

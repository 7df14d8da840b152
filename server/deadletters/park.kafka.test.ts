import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoConsumer, type DemoConsumerProcess } from '../../testing/demo-consumer-process';
import { testEvent } from '../../testing/eventy-records';
import { createTopics, produce, tempDir, testKafka, uniquePrefix, waitFor } from '../../testing/kafka-fixtures';
import { testDatabaseUrl, withDatabase } from '../../testing/postgres-fixtures';
import { encodeEventyJson } from '../decode';
import { closeSharedAdmin, type ConsumedMessage, type KafkaAdmin } from '../kafka';
import { createLagSampler, openLagHistoryStore, type LagHistoryStore, type LagSampler } from '../lag';
import { loadConfig } from '../config';
import { lensHeaders } from './contract';
import { parseProvenance } from './discovery';
import { createParkService, type ParkService, type ParkServiceOptions } from './park';
import { parkedCopy } from './park-copy';
import { openParkLog, type ParkLog } from './park-log';
import { openPostgresParkLog } from './postgres-park-log';

const prefix = uniquePrefix('park');
const topic = `${prefix}orders`;
const dlqTopic = `${topic}.dlq`;
const group = `${prefix}audit-log`;
const otherGroup = `${prefix}reporting`;
const sharedGroups = [`${prefix}shared`, `${prefix}shared-race`];
const kafka = testKafka();
const good = (n: number) => ({ key: `k${n}`, value: encodeEventyJson(testEvent({ data: { n } })), partition: 1 });
// a producer that died mid-write: eventy's decoder refuses it, and the service stops there
const poison = { key: 'k-poison', value: Buffer.from('{"type": "EVENT", "namespace": "urn:ord', 'utf8'), partition: 1, headers: { 'x-origin': Buffer.from([0xfe, 0x01]) } };
let admin: KafkaAdmin;
let history: LagHistoryStore;
let sampler: LagSampler;
let log: ParkLog;
let parks: ParkService;
let consumer: DemoConsumerProcess | undefined;
let poisonTimestamp = 0;

const ref = { groupId: group, topic, partition: 1 };
const committedOffset = async (groupId = group) => (await admin.fetchCommittedOffsets(groupId, [topic])).find((c) => c.partition === 1)?.offset ?? null;
const dlqHigh = async (of = dlqTopic) => (await admin.fetchTopicOffsets(of)).find((p) => p.partition === 1)?.high ?? 0;
const readDlq = (untilOffset: number): Promise<ConsumedMessage[]> => kafka.readPartitionRange({ topic: dlqTopic, partition: 1, fromOffset: 0, untilOffset }, 30_000);
const header = (m: ConsumedMessage, key: string) => m.headers.find((h) => h.key === key)?.value;
const runConsumer = (hold: boolean) => startDemoConsumer('eventy-stopping-consumer', { DEMO_CONSUMER_GROUP: group, DEMO_CONSUMER_TOPICS: topic, DEMO_CONSUMER_HOLD: String(hold) });

beforeAll(async () => {
  await createTopics(kafka, [topic], 2);
  await produce(kafka, topic, [good(0), good(1), poison, good(3), good(4)]);
  admin = await kafka.connectAdmin();
  const dataDir = tempDir('lens-park');
  history = openLagHistoryStore(dataDir);
  sampler = createLagSampler({ kafka, store: { getRecord: () => Promise.resolve(null) }, history, sampleMs: 200, stuckMs: 500, retentionDays: 1, groupIds: [group] });
  log = openParkLog(dataDir);
  const stuckSince = async (r: { groupId: string; topic: string; partition: number }) =>
    (await sampler.current()).groups.find((g) => g.groupId === r.groupId)?.partitions.find((p) => p.topic === r.topic && p.partition === r.partition)?.stuckSince ?? null;
  parks = createParkService({ kafka, log, topicSuffix: '.dlq', stuckSince });
  poisonTimestamp = (await kafka.readPartitionRange({ topic, partition: 1, fromOffset: 2, untilOffset: 3 }, 30_000))[0]!.timestamp;
}, 120_000);

afterAll(async () => {
  await consumer?.stop();
  await sampler?.stop();
  await history?.close();
  await log?.close();
  await admin?.deleteGroups([group, otherGroup, ...sharedGroups]).catch(() => undefined);
  await admin?.deleteTopics([topic, dlqTopic]).catch(() => undefined);
  await admin?.close();
  await closeSharedAdmin();
});

describe('parking a poison record on the real broker', () => {
  it('sees the Eventy-like consumer stop on the poison record and the partition stuck at it', async () => {
    consumer = runConsumer(true);
    const stopped = await consumer.waitForReport((r) => r.event === 'stopped', 'the consumer to stop on the poison record');
    expect(stopped).toMatchObject({ topic, partition: 1, offset: 2 });
    const stuck = await waitFor(async () => {
      const p = (await sampler.sample()).groups.find((g) => g.groupId === group)?.partitions.find((x) => x.partition === 1);
      return p?.stuckSince ? p : null;
    }, 'the lag sampler to show the partition stuck');
    expect(stuck.committedOffset).toBe(2);
  });

  it('refuses to park while the consumer is still a member of the group, naming the members', async () => {
    const outcome = await parks.park(ref, 2, 'alice');
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.status).toBe(409);
    expect(outcome.refusal.reason).toBe('group-active');
    expect(outcome.refusal.members).toHaveLength(1);
    expect(outcome.refusal.members?.[0]?.assignment).toEqual([{ topic, partitions: [0, 1] }]);
    expect(await committedOffset()).toBe(2);
    expect((await admin.listTopics()).includes(dlqTopic)).toBe(false);
  });

  it('refuses an offset the operator did not see stuck', async () => {
    expect(await consumer!.stop()).toBe(1);
    consumer = undefined;
    const outcome = await parks.park(ref, 1, 'alice');
    expect(outcome).toMatchObject({ ok: false, status: 409, refusal: { reason: 'offset-moved', committedOffset: 2 } });
  });

  it('parks once the consumer is down: the exact record on <topic>.dlq with provenance, the group one past it', async () => {
    const outcome = await parks.park(ref, 2, 'alice');
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.refusal));
    expect(outcome.answer).toMatchObject({ status: 'parked', committedOffset: 3, park: { state: 'parked', deadLetterId: `${dlqTopic}:1:0`, parkedBy: 'alice' } });
    expect(await committedOffset()).toBe(3);
    expect(await admin.fetchTopicOffsets(dlqTopic)).toHaveLength(2);
    const [copy] = await readDlq(await dlqHigh());
    expect(copy?.key?.toString()).toBe('k-poison');
    expect(copy?.value).toEqual(poison.value);
    expect(copy && header(copy, 'x-origin')).toBe(Buffer.from([0xfe, 0x01]).toString('base64'));
    expect(copy && header(copy, lensHeaders.originalTopic)).toBe(topic);
    expect(copy && header(copy, lensHeaders.originalPartition)).toBe('1');
    expect(copy && header(copy, lensHeaders.originalOffset)).toBe('2');
    expect(copy && header(copy, lensHeaders.originalTimestamp)).toBe(String(poisonTimestamp));
    expect(copy && header(copy, lensHeaders.errorClass)).toBe('eventy-lens.Undecodable');
    expect(copy && header(copy, lensHeaders.errorMessage)).toMatch(new RegExp(`stuck at offset 2 for group ${group} since .+; parked by alice$`));
    expect(copy && header(copy, lensHeaders.failedAt)).toBe(outcome.answer.park.stuckSince);
    expect(copy && header(copy, lensHeaders.consumerGroup)).toBe(group);
    expect(copy && header(copy, lensHeaders.parkedBy)).toBe('alice');
    expect(copy && header(copy, lensHeaders.parkId)).toBe(outcome.answer.park.id);
    // the dead-letter list reads the copy's provenance from these headers
    const view = { id: `${dlqTopic}:1:0`, topic: dlqTopic, partition: 1, offset: 0, timestamp: new Date(copy!.timestamp).toISOString(), key: 'k-poison', headers: copy!.headers, kind: 'undecodable' as const, format: 'unknown' as const, legacy: false, size: poison.value.length };
    expect(parseProvenance(view, loadConfig({}).deadLetters)).toMatchObject({
      convention: 'eventy-lens',
      originalTopic: topic,
      originalPartition: 1,
      originalOffset: 2,
      originalTimestamp: new Date(poisonTimestamp).toISOString(),
      errorClass: 'eventy-lens.Undecodable',
      failedAt: outcome.answer.park.stuckSince,
      consumerGroup: group,
    });
  });

  it('answers a second park of the same record with the first result and no second copy, also when two arrive at once', async () => {
    const first = (await log.find(group, topic, 1, 2))!;
    const [a, b] = await Promise.all([parks.park(ref, 2, 'bob'), parks.park(ref, 2, 'carol')]);
    for (const again of [a, b]) expect(again).toMatchObject({ ok: true, answer: { status: 'already-parked', park: { id: first.id, parkedBy: 'alice' } } });
    expect(await dlqHigh()).toBe(1);
    expect(await parks.list({ group, limit: 10 })).toHaveLength(1);
  });

  it('undoes a park: the group back at the record, the copy left on the dead-letter topic; parking again reuses the copy', async () => {
    const { id } = (await log.find(group, topic, 1, 2))!;
    const undone = await parks.undo(id, 'bob');
    expect(undone).toMatchObject({ ok: true, answer: { status: 'undone', committedOffset: 2, park: { state: 'undone', undoneBy: 'bob' } } });
    expect(await committedOffset()).toBe(2);
    expect(await dlqHigh()).toBe(1);
    const again = await parks.park(ref, 2, 'bob');
    expect(again).toMatchObject({ ok: true, answer: { status: 'parked', park: { id, state: 'parked', deadLetterId: `${dlqTopic}:1:0` } } });
    expect(await committedOffset()).toBe(3);
    expect(await dlqHigh()).toBe(1);
  });

  it('lets the restarted consumer resume after the parked record, and then refuses to undo', async () => {
    consumer = runConsumer(false);
    await consumer.waitForReport((r) => r.event === 'processed' && r.partition === 1 && r.offset === 4, 'the consumer to process the record after the parked one');
    expect(consumer.reports.filter((r) => r.event === 'stopped')).toEqual([]);
    expect(consumer.reports.filter((r) => r.partition === 1).map((r) => r.offset)).toEqual([3, 4]);
    await waitFor(async () => (await committedOffset()) === 5, 'the consumer to commit past its last record');
    const { id } = (await log.find(group, topic, 1, 2))!;
    const whileRunning = await parks.undo(id, 'bob');
    expect(whileRunning).toMatchObject({ ok: false, refusal: { reason: 'group-active' } });
    expect(await consumer.stop()).toBe(0);
    consumer = undefined;
    const afterMovingOn = await parks.undo(id, 'bob');
    expect(afterMovingOn).toMatchObject({ ok: false, status: 409, refusal: { reason: 'offset-moved', committedOffset: 5 } });
  });

  it('after a crash between the produce and the log, finds its copy by park id instead of producing a second one', async () => {
    await admin.commitGroupOffsets(otherGroup, [{ topic, partition: 1, offset: 2 }]);
    const searchFrom = await dlqHigh();
    const claimed = await log.claim({ id: 'crashed-park-1', groupId: otherGroup, topic, partition: 1, offset: 2, dlqTopic, dlqSearchFrom: searchFrom, stuckSince: null, parkedBy: 'dave', createdAt: new Date(Date.now() - 5 * 60_000).toISOString() });
    expect(claimed.created).toBe(true);
    // the dashboard produced the copy, then died before writing its offset to the log
    const [original] = await kafka.readPartitionRange({ topic, partition: 1, fromOffset: 2, untilOffset: 3 }, 30_000);
    const writer = await kafka.connectRecordWriter();
    await writer.write(dlqTopic, [parkedCopy(original!, { parkId: 'crashed-park-1', groupId: otherGroup, parkedBy: 'dave', stuckSince: null, parkedAt: new Date().toISOString() })]);
    await writer.close();
    const outcome = await parks.park({ ...ref, groupId: otherGroup }, 2, 'erin');
    expect(outcome).toMatchObject({ ok: true, answer: { status: 'parked', park: { id: 'crashed-park-1', deadLetterId: `${dlqTopic}:1:${searchFrom}` } } });
    expect(await dlqHigh()).toBe(searchFrom + 1);
    expect(await committedOffset(otherGroup)).toBe(3);
  });
});

describe('parking with the park log in the shared PostgreSQL database, from two dashboard instances', () => {
  const schema = `lens_parks_${randomBytes(5).toString('hex')}`;
  // a dead-letter topic of its own: this block runs alone too (vitest -t)
  const sharedDlq = `${topic}.shared-dlq`;
  const [sharedGroup = '', raceGroup = ''] = sharedGroups;
  const sharedRef = { groupId: sharedGroup, topic, partition: 1 };
  const instances: ParkService[] = [];
  const instance = (stuckSince: ParkServiceOptions['stuckSince'] = () => Promise.resolve(null)) => {
    const service = createParkService({ kafka, log: openPostgresParkLog({ url: testDatabaseUrl(), schema }), topicSuffix: '.shared-dlq', stuckSince });
    instances.push(service);
    return service;
  };
  let first: ParkService;
  let second: ParkService;

  beforeAll(async () => {
    await withDatabase((client) => client.query(`CREATE SCHEMA ${schema}`));
    await createTopics(kafka, [sharedDlq], 2);
    [first, second] = [instance(), instance()];
    // a consumer that stopped at the poison record and left the group
    for (const groupId of sharedGroups) await admin.commitGroupOffsets(groupId, [{ topic, partition: 1, offset: 2 }]);
  });

  afterAll(async () => {
    for (const service of instances) await service.close();
    await withDatabase((client) => client.query(`DROP SCHEMA ${schema} CASCADE`));
    await admin.deleteTopics([sharedDlq]).catch(() => undefined);
  });

  it('parks through one instance; the other answers that park, lists it and undoes it', async () => {
    const parked = await first.park(sharedRef, 2, 'alice');
    expect(parked).toMatchObject({ ok: true, answer: { status: 'parked', committedOffset: 3, park: { state: 'parked', deadLetterId: `${sharedDlq}:1:0` } } });
    if (!parked.ok) return;
    const { id } = parked.answer.park;
    expect(await committedOffset(sharedGroup)).toBe(3);
    expect(await second.park(sharedRef, 2, 'bob')).toMatchObject({ ok: true, answer: { status: 'already-parked', park: { id, parkedBy: 'alice' } } });
    expect((await second.list({ group: sharedGroup, limit: 10 })).map((p) => p.id)).toEqual([id]);
    expect(await dlqHigh(sharedDlq)).toBe(1);
    expect(await second.undo(id, 'bob')).toMatchObject({ ok: true, answer: { status: 'undone', committedOffset: 2 } });
    expect(await committedOffset(sharedGroup)).toBe(2);
    expect(await first.get(id)).toMatchObject({ state: 'undone', undoneBy: 'bob' });
  });

  it('leaves a record to the instance that claimed it while this one was preparing, producing no second copy', async () => {
    const other = openPostgresParkLog({ url: testDatabaseUrl(), schema });
    const raceRef = { ...sharedRef, groupId: raceGroup };
    const before = await dlqHigh(sharedDlq);
    // the other instance's claim lands between this one's look at the log and its own claim
    const racing = instance(async () => {
      await other.claim({ id: 'other-instance-park', ...raceRef, offset: 2, dlqTopic: sharedDlq, dlqSearchFrom: before, stuckSince: null, parkedBy: 'carol', createdAt: new Date().toISOString() });
      return null;
    });
    const outcome = await racing.park(raceRef, 2, 'dave');
    await other.close();
    expect(outcome).toMatchObject({ ok: false, status: 409, refusal: { reason: 'in-progress' } });
    expect(await dlqHigh(sharedDlq)).toBe(before);
    expect(await committedOffset(raceGroup)).toBe(2);
    expect(await first.get('other-instance-park')).toMatchObject({ state: 'pending', parkedBy: 'carol' });
  });
});

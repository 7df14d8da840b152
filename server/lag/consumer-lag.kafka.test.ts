import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopics, produce, testBrokers, testKafka, uniquePrefix, waitFor } from '../../testing/kafka-fixtures';
import type { BatchConsumer, KafkaAdmin } from '../kafka';
import type { RecordView } from '../store/contract';
import type { GroupLag } from './contract';
import { fetchConsumerLag } from './fetch-consumer-lag';

const root = path.resolve(import.meta.dirname, '../..');
const prefix = uniquePrefix('lag');
const [orders, payments, shipments, expired] = ['orders', 'payments', 'shipments', 'expired'].map((t) => `${prefix}${t}`) as [string, string, string, string];
const groupIds = ['billing', 'audit', 'shipping', 'retention'].map((g) => `${prefix}${g}`);
const [billing, audit, shipping, retention] = groupIds as [string, string, string, string];
// recent, whole-second timestamps: records older than the broker's 7-day retention would be deleted under the test
const base = Math.floor(Date.now() / 1000) * 1000 - 7_200_000;
const now = base + 3_600_000;
const kafka = testKafka();
let admin: KafkaAdmin;
let consumer: BatchConsumer;

/** Stands in for our store: holds the orders records produced below, by id. */
const store = {
  getRecord: (id: string) =>
    Promise.resolve(id.startsWith(`${orders}:0:`) ? ({ timestamp: new Date(base + Number(id.split(':')[2]) * 1000).toISOString() } as RecordView) : null),
};

const messages = (partition: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: `v${i}`, partition, timestamp: base + i * 1000 }));

type ToolRow = Record<'GROUP' | 'TOPIC' | 'PARTITION' | 'CURRENT-OFFSET' | 'LOG-END-OFFSET' | 'LAG' | 'CONSUMER-ID', string>;

/** Kafka's own `kafka-consumer-groups --describe`, run from the project's Maven jars, as rows keyed by its header. */
async function describeWithKafkaTool(groups: string[]): Promise<{ rows: ToolRow[]; table: string }> {
  const args = ['scripts/kafka/kafka.sh', 'java-class', 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', '--bootstrap-server', testBrokers, '--describe'];
  const { stdout } = await promisify(execFile)('bash', [...args, ...groups.flatMap((g) => ['--group', g])], { cwd: root });
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  const header = lines.find((l) => l.startsWith('GROUP'))?.trim().split(/\s+/) ?? [];
  const rows = lines
    .filter((l) => groups.includes(l.trim().split(/\s+/)[0] ?? ''))
    .map((l) => Object.fromEntries(l.trim().split(/\s+/).map((cell, i) => [header[i], cell])) as ToolRow);
  return { rows, table: lines.filter((l) => !l.includes('has no active members')).join('\n') };
}

/**
 * Sets a group's committed offsets with Kafka's own tool (AdminClient alterConsumerGroupOffsets):
 * kafkajs' setOffsets joins the group first and, on a young broker, can wait out session timeouts.
 */
async function commitWithKafkaTool(groupId: string, offsets: { topic: string; partition: number; offset: number }[]): Promise<void> {
  for (const { topic, partition, offset } of offsets) {
    const args = ['--bootstrap-server', testBrokers, '--group', groupId, '--reset-offsets', '--topic', `${topic}:${partition}`, '--to-offset', String(offset), '--execute'];
    await promisify(execFile)('bash', ['scripts/kafka/kafka.sh', 'java-class', 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ...args], { cwd: root });
  }
}

beforeAll(async () => {
  await createTopics(kafka, [orders], 3);
  await createTopics(kafka, [payments, shipments], 2);
  await createTopics(kafka, [expired], 1);
  await produce(kafka, orders, [...messages(0, 10), ...messages(1, 5)]);
  await produce(kafka, payments, [...messages(0, 4), ...messages(1, 6)]);
  await produce(kafka, shipments, messages(0, 3));
  await produce(kafka, expired, messages(0, 8));
  admin = await kafka.connectAdmin();
  // retention deletes offsets 0..4 after the group committed 2
  await commitWithKafkaTool(retention, [{ topic: expired, partition: 0, offset: 2 }]);
  await admin.deleteRecordsBefore(expired, [{ partition: 0, offset: 5 }]);
  // orders:2 and payments:1 never committed by billing; orders:2 stays empty
  await commitWithKafkaTool(billing, [
    { topic: orders, partition: 0, offset: 7 },
    { topic: orders, partition: 1, offset: 5 },
    { topic: payments, partition: 0, offset: 1 },
  ]);
  await commitWithKafkaTool(audit, [
    { topic: orders, partition: 0, offset: 10 },
    { topic: orders, partition: 1, offset: 2 },
    { topic: orders, partition: 2, offset: 0 },
  ]);
  // an active member: shipments:1 is assigned to it but empty, so it never commits there
  consumer = kafka.createBatchConsumer({ groupId: shipping, topics: [shipments], fromBeginning: true, onBatch: () => Promise.resolve() });
  await consumer.start();
  // a first group join on a freshly started broker can take tens of seconds
  await waitFor(async () => (await admin.fetchAllCommittedOffsets(shipping)).some((o) => o.offset === 3), 'the shipping consumer to commit', 100_000, 250);
}, 240_000);

afterAll(async () => {
  await consumer?.stop();
  await admin?.deleteGroups(groupIds).catch(() => undefined);
  await admin?.deleteTopics([orders, payments, shipments, expired]).catch(() => undefined);
  await admin?.close();
});

describe('fetchConsumerLag against the real broker', () => {
  let groups: GroupLag[];
  beforeAll(async () => {
    groups = (await fetchConsumerLag(admin, store, { groupIds, now: () => now })).groups;
  });

  it('knows the committed offsets, high watermarks and lag we set up', () => {
    const row = (groupId: string, topic: string, partition: number) =>
      groups.find((g) => g.groupId === groupId)?.partitions.find((p) => p.topic === topic && p.partition === partition);
    expect(row(billing, orders, 0)).toMatchObject({ committedOffset: 7, highWatermark: 10, lagRecords: 3, lagSeconds: 3600 - 7 });
    expect(row(billing, orders, 2)).toMatchObject({ committedOffset: null, highWatermark: 0, lagRecords: 0, lagSeconds: 0, neverCommitted: true });
    expect(row(billing, payments, 1)).toMatchObject({ committedOffset: null, highWatermark: 6, logStartOffset: 0, lagRecords: 6, lagSeconds: null, neverCommitted: true });
    expect(row(audit, orders, 1)).toMatchObject({ committedOffset: 2, highWatermark: 5, lagRecords: 3, lagSeconds: null });
    expect(row(retention, expired, 0)).toMatchObject({ committedOffset: 2, logStartOffset: 5, highWatermark: 8, lagRecords: 3, committedBelowLogStart: true });
    expect(groups.map((g) => [g.groupId, g.lagRecords, g.lagSeconds])).toEqual([
      [audit, 3, null],
      [billing, 3 + 0 + 3 + 6, 3600 - 7],
      [retention, 3, null],
      [shipping, 0, 0],
    ]);
    const shippingGroup = groups.find((g) => g.groupId === shipping);
    expect(shippingGroup?.state).toBe('Stable');
    expect(shippingGroup?.members[0]?.assignment).toEqual([{ topic: shipments, partitions: [0, 1] }]);
  });

  it('equals Kafka’s own consumer-group tool on every partition row', async () => {
    const { rows, table } = await describeWithKafkaTool(groupIds);
    process.stdout.write(`${table}\n`);
    expect(rows).toHaveLength(9);
    for (const tool of rows) {
      const ours = groups.find((g) => g.groupId === tool.GROUP)?.partitions.find((p) => p.topic === tool.TOPIC && p.partition === Number(tool.PARTITION));
      expect(ours, `${tool.GROUP} ${tool.TOPIC}:${tool.PARTITION}`).toBeDefined();
      expect(ours?.highWatermark).toBe(Number(tool['LOG-END-OFFSET']));
      if (tool['CURRENT-OFFSET'] === '-') {
        // Kafka prints `-` as lag when the group never committed; we count from the log start instead (Redpanda Console's rule)
        expect(tool.LAG).toBe('-');
        expect(ours).toMatchObject({ committedOffset: null, neverCommitted: true, lagRecords: ours!.highWatermark - ours!.logStartOffset });
      } else if (ours?.committedBelowLogStart) {
        // Kafka counts records retention already deleted; the group can only resume at the log start, so we count from there
        expect(ours).toMatchObject({ committedOffset: Number(tool['CURRENT-OFFSET']), lagRecords: ours.highWatermark - ours.logStartOffset });
        expect(Number(tool.LAG)).toBe(ours.highWatermark - ours.committedOffset!);
      } else {
        expect(ours?.committedOffset).toBe(Number(tool['CURRENT-OFFSET']));
        expect(ours?.lagRecords).toBe(Number(tool.LAG));
      }
    }
    // Kafka lists only committed or assigned partitions; the extra rows we show are never-committed ones
    const listed = new Set(rows.map((r) => `${r.GROUP} ${r.TOPIC}:${r.PARTITION}`));
    const extra = groups.flatMap((g) => g.partitions.filter((p) => !listed.has(`${g.groupId} ${p.topic}:${p.partition}`)));
    expect(extra.map((p) => `${p.topic}:${p.partition}`).sort()).toEqual([`${orders}:2`, `${payments}:1`]);
    expect(extra.every((p) => p.neverCommitted)).toBe(true);
  });
});

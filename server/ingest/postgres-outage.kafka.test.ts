/**
 * The shared database goes away under a running collector and comes back: the collector says so (store-down),
 * keeps its offsets uncommitted meanwhile, and then stores exactly the produced records — none lost, none twice.
 * A PostgreSQL server of its own (scripts/pg/pg.sh), since the test stops it.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encoded, testEvent } from '../../testing/eventy-records';
import { createTopics, produce, tempDir, testKafka, uniquePrefix, waitFor } from '../../testing/kafka-fixtures';
import { withDatabase } from '../../testing/postgres-fixtures';
import type { KafkaAccess } from '../kafka';
import { openRecordStore } from '../store';
import type { RecordStore } from '../store/contract';
import { createCollector, type Collector } from './collector';

const root = path.resolve(__dirname, '../..');
const prefix = uniquePrefix('pg-outage');
const topic = `${prefix}orders-events`;
const pgDir = tempDir('lens-pg-outage');
const perRound = 1500;
let port = 0;
let kafka: KafkaAccess;
let store: RecordStore;
let collector: Collector;

const pgctl = (command: 'start' | 'stop' | 'destroy') =>
  promisify(execFile)('bash', [path.join(root, 'scripts/pg/pg.sh'), command], { env: { ...process.env, PG_DIR: pgDir, PG_PORT: String(port) } });

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: found } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return found;
}

const url = () => `postgres://lens@127.0.0.1:${port}/lens`;

async function storedOffsets(): Promise<{ rows: number; distinct: number; counted: number }> {
  return withDatabase(async (client) => {
    const { rows } = await client.query<{ n: string; d: string }>(
      'SELECT count(*) AS n, count(DISTINCT (kafka_partition, kafka_offset)) AS d FROM records WHERE topic = $1',
      [topic],
    );
    const counted = await client.query<{ records: string }>('SELECT records FROM topic_counts WHERE topic = $1', [topic]);
    return { rows: Number(rows[0]?.n ?? 0), distinct: Number(rows[0]?.d ?? 0), counted: Number(counted.rows[0]?.records ?? 0) };
  }, url());
}

const round = (n: number) =>
  produce(
    kafka,
    topic,
    Array.from({ length: perRound }, (_, i) => ({ ...encoded(testEvent({ correlation_id: `c-${n}-${i % 50}` })), key: `order-${n}-${i}` })),
  );

beforeAll(async () => {
  port = await freePort();
  await pgctl('start');
  kafka = testKafka();
  await createTopics(kafka, [topic], 3);
  store = openRecordStore({ dataDir: tempDir('lens-pg-outage-data'), databaseUrl: url() });
  collector = createCollector({ kafka, store, groupId: `${prefix}lens`, topicPattern: new RegExp(`^${prefix}`), topicRefreshMs: 1000 });
  collector.start();
}, 120_000);

afterAll(async () => {
  await collector?.stop();
  await store?.close();
  const admin = await kafka.connectAdmin();
  await admin.deleteTopics([topic]).finally(() => admin.close());
  await pgctl('destroy').catch(() => undefined);
  fs.rmSync(pgDir, { recursive: true, force: true });
}, 120_000);

describe('a collector whose PostgreSQL store goes away and comes back', () => {
  it('reports store-down, then stores exactly the produced records once the database is back', async () => {
    await round(1);
    await waitFor(async () => (await storedOffsets()).rows === perRound, 'the first round stored', 60_000, 200);

    await pgctl('stop');
    await round(2);
    await waitFor(() => collector.status().state === 'store-down', 'the collector to report store-down', 60_000, 200);
    expect(collector.status().lastError).toMatch(/the store refused a batch/);

    await pgctl('start');
    await waitFor(async () => (await storedOffsets().catch(() => ({ rows: 0 }))).rows === 2 * perRound, 'both rounds stored once the database is back', 120_000, 250);
    await waitFor(() => collector.status().state === 'connected', 'the collector to report connected again', 30_000, 200);
    expect(await storedOffsets()).toEqual({ rows: 2 * perRound, distinct: 2 * perRound, counted: 2 * perRound });
    // and it keeps going
    await round(3);
    await waitFor(async () => (await storedOffsets()).rows === 3 * perRound, 'the third round stored', 60_000, 200);
    expect(await storedOffsets()).toEqual({ rows: 3 * perRound, distinct: 3 * perRound, counted: 3 * perRound });
  });
});

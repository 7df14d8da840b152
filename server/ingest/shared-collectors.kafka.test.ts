import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encoded, testEvent } from '../../testing/eventy-records';
import { createTopics, produce, tempDir, testBrokers, testKafka, uniquePrefix, waitFor } from '../../testing/kafka-fixtures';
import { databaseNameOf, databaseUrlOf, withDatabase } from '../../testing/postgres-fixtures';

/**
 * Several collector processes on one consumer group, one PostgreSQL database: a rebalance (one killed with
 * SIGKILL mid-ingest, one added) loses and duplicates nothing.
 */
const total = 30_000;
const partitions = 6;
const prefix = uniquePrefix('shared');
const topic = `${prefix}orders-events`;
const root = path.resolve(__dirname, '../..');
const logDir = tempDir('lens-shared');
const database = databaseNameOf(prefix);
const children: ChildProcess[] = [];

const databaseUrl = () => databaseUrlOf(database);

function startCollector(): ChildProcess {
  const n = children.length;
  const child = spawn(path.join(root, 'node_modules/.bin/node'), ['--import', 'tsx', 'scripts/collector/run-collector.ts'], {
    cwd: root,
    env: {
      ...process.env,
      LENS_KAFKA_BROKERS: testBrokers,
      LENS_TOPICS: `^${prefix}`,
      LENS_GROUP_ID: `${prefix}lens`,
      LENS_TOPIC_REFRESH_MS: '2000',
      LENS_DATABASE_URL: databaseUrl(),
      LENS_DATA_DIR: path.join(logDir, `collector-${n}`),
      LENS_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'ignore', fs.openSync(path.join(logDir, `collector-${n}.log`), 'a')],
  });
  children.push(child);
  return child;
}

async function stored(): Promise<{ rows: number; distinct: number; gaps: number; counted: number }> {
  return withDatabase(async (client) => {
    const exists = await client.query<{ t: string | null }>("SELECT to_regclass('records') AS t");
    if (exists.rows[0]?.t === null) return { rows: 0, distinct: 0, gaps: 0, counted: 0 };
    const { rows } = await client.query<{ n: string; d: string; lo: string; hi: string }>(
      `SELECT count(*) AS n, count(DISTINCT kafka_offset) AS d, min(kafka_offset) AS lo, max(kafka_offset) AS hi
       FROM records WHERE topic = $1 GROUP BY kafka_partition`,
      [topic],
    );
    const counted = await client.query<{ records: string }>('SELECT records FROM topic_counts WHERE topic = $1', [topic]);
    return rows.reduce(
      (acc, p) => ({
        rows: acc.rows + Number(p.n),
        distinct: acc.distinct + Number(p.d),
        gaps: acc.gaps + (Number(p.hi) - Number(p.lo) + 1 - Number(p.d)) + Number(p.lo),
        counted: acc.counted,
      }),
      { rows: 0, distinct: 0, gaps: 0, counted: Number(counted.rows[0]?.records ?? 0) },
    );
  }, databaseUrl());
}

beforeAll(async () => {
  await withDatabase((client) => client.query(`CREATE DATABASE ${database}`));
  const kafka = testKafka();
  await createTopics(kafka, [topic], partitions);
  const messages = Array.from({ length: total }, (_, i) => encoded(testEvent({ partition_key: `order-${i % 997}`, data: { order_id: `order-${i}`, seq: i, note: 'x'.repeat(200) } })));
  await produce(kafka, topic, messages, 2000);
}, 180_000);

afterAll(async () => {
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  const exited = running.map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of running) child.kill('SIGKILL');
  await Promise.all(exited);
  await withDatabase((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  const admin = await testKafka().connectAdmin();
  await admin.deleteTopics([topic]).catch(() => undefined);
  await admin.close();
});

describe('collectors sharing a consumer group and a PostgreSQL store', () => {
  it('store exactly the produced records after one of three is killed mid-ingest and a fourth joins', async () => {
    const [first] = [startCollector(), startCollector(), startCollector()];
    await waitFor(async () => (await stored()).rows >= 3_000, 'the collectors to store some records', 120_000, 100);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const atKill = (await stored()).rows;
    expect(atKill).toBeLessThan(total);
    startCollector();
    await waitFor(async () => (await stored()).rows === total, `${total} rows once the group rebalanced`, 240_000, 250);
    // a late duplicate delivery would show in the counts
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await stored()).toEqual({ rows: total, distinct: total, gaps: 0, counted: total });
  }, 420_000);
});

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopics, produce, tempDir, testBrokers, testKafka, uniquePrefix, waitFor } from '../../testing/kafka-fixtures';
import { encoded, testEvent } from '../../testing/eventy-records';

const total = 50_000;
const prefix = uniquePrefix('crash');
const topic = `${prefix}orders-events`;
const dataDir = tempDir('lens-crash');
const root = path.resolve(import.meta.dirname, '../..');
const children: ChildProcess[] = [];

function startCollectorProcess(): ChildProcess {
  // node itself with tsx as a loader: the `tsx` CLI would fork a child that a SIGKILL of the CLI leaves running
  const child = spawn(path.join(root, 'node_modules/.bin/node'), ['--import', 'tsx', 'scripts/collector/run-collector.ts'], {
    cwd: root,
    env: {
      ...process.env,
      LENS_KAFKA_BROKERS: testBrokers,
      LENS_TOPICS: `^${prefix}`,
      LENS_GROUP_ID: `${prefix}lens`,
      LENS_DATA_DIR: dataDir,
      LENS_LOG_LEVEL: 'info',
    },
    // the collector's log goes beside its data, to read when this test fails
    stdio: ['ignore', 'ignore', fs.openSync(path.join(dataDir, `collector-${children.length}.log`), 'a')],
  });
  children.push(child);
  return child;
}

/** Reads the collector's SQLite file from outside, as a second process would. */
function countRows(): { rows: number; distinct: number; gaps: number } {
  const db = new DatabaseSync(path.join(dataDir, 'records.sqlite'), { readOnly: true });
  try {
    const perPartition = db
      .prepare('SELECT kafka_partition, COUNT(*) AS n, COUNT(DISTINCT kafka_offset) AS d, MIN(kafka_offset) AS lo, MAX(kafka_offset) AS hi FROM records WHERE topic = ? GROUP BY kafka_partition')
      .all(topic) as { n: number; d: number; lo: number; hi: number }[];
    return perPartition.reduce(
      (acc, p) => ({ rows: acc.rows + p.n, distinct: acc.distinct + p.d, gaps: acc.gaps + (p.hi - p.lo + 1 - p.d) + p.lo }),
      { rows: 0, distinct: 0, gaps: 0 },
    );
  } catch {
    return { rows: 0, distinct: 0, gaps: 0 };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  const kafka = testKafka();
  await createTopics(kafka, [topic], 3);
  const messages = Array.from({ length: total }, (_, i) =>
    encoded(testEvent({ partition_key: `order-${i % 997}`, data: { order_id: `order-${i}`, seq: i, note: 'x'.repeat(200) } })),
  );
  await produce(kafka, topic, messages, 2000);
}, 180_000);

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('collector crash safety', () => {
  it('after kill -9 mid-ingest and a restart, holds exactly every record once', async () => {
    const first = startCollectorProcess();
    await waitFor(() => countRows().rows >= 5_000, 'the first collector to store some records', 90_000, 20);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const atCrash = countRows().rows;
    expect(atCrash).toBeGreaterThan(0);
    expect(atCrash).toBeLessThan(total);

    startCollectorProcess();
    await waitFor(() => countRows().rows === total, `${total} rows after restart`, 120_000, 200);
    // Let a late duplicate delivery show itself if there were one.
    await new Promise((r) => setTimeout(r, 2_000));
    const final = countRows();
    expect(final).toEqual({ rows: total, distinct: total, gaps: 0 });
  }, 300_000);
});

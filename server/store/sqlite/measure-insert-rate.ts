/**
 * Measures SQLite ingest of ~1 KB Eventy JSON records (FTS and trace summaries included) and a few query latencies.
 * Run: PATH=$PWD/node_modules/.bin:$PATH tsx server/store/sqlite/measure-insert-rate.ts [records] [batchSize]
 */
import fs from 'node:fs';
import { recordQuerySchema, traceListQuerySchema, type IngestedRecord } from '../contract';
import { decodedMessage, eventyRecord, makeTempDir } from './record-fixtures';
import { openSqliteRecordStore } from './sqlite-record-store';

const total = Number(process.argv[2] ?? 200_000);
const batchSize = Number(process.argv[3] ?? 1000);
const words = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa'.split(' ');
const services = ['orders', 'billing', 'shipping', 'stock', 'notify'];

function sampleRecord(i: number): IngestedRecord {
  const service = services[i % services.length]!;
  const record = eventyRecord({
    name: `Thing${i % 40}Happened`,
    source: `urn:${service}`,
    uuid: crypto.randomUUID(),
    correlation_id: `${service}:POST_/api/things:${Math.floor(i / 4).toString(36)}`,
    partition_key: `key-${i % 5000}`,
    context: { [`urn:${service}`]: { user_id: `u-${i % 997}`, tenant: 'acme' } },
    data: {
      id: `thing-${i}`,
      amount_cents: (i * 7919) % 100_000,
      note: Array.from({ length: 40 }, (_, w) => words[(i + w * 3) % words.length]).join(' '),
      lines: Array.from({ length: 4 }, (_, l) => ({ sku: `sku-${(i + l) % 3000}`, qty: l + 1, label: `item ${words[l]} ${i % 113}` })),
    },
  });
  return decodedMessage({ topic: `${service}-events`, partition: i % 6, offset: i, timestamp: Date.now() - (total - i), key: `key-${i % 5000}` }, record);
}

const print = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const dir = makeTempDir();
  const store = openSqliteRecordStore({ dataDir: dir });
  const batchAt = (index: number): IngestedRecord[] =>
    Array.from({ length: Math.min(batchSize, total - index * batchSize) }, (_, j) => sampleRecord(index * batchSize + j));
  const batchCount = Math.ceil(total / batchSize);
  const firstBatch = batchAt(0);
  const avgBytes = firstBatch.reduce((sum, r) => sum + (r.message.value?.length ?? 0), 0) / firstBatch.length;

  // only insertBatch is timed (batches are built just before, as the collector does); CPU time is
  // reported beside wall time because the machine is shared and wall time counts others' load too
  let seconds = 0;
  let cpuSeconds = 0;
  let slice = { seconds: 0, cpuSeconds: 0 };
  const sliceEvery = Math.max(1, Math.floor(batchCount / 5));
  for (let index = 0; index < batchCount; index++) {
    const batch = index === 0 ? firstBatch : batchAt(index);
    const wallStart = performance.now();
    const cpuStart = process.cpuUsage();
    await store.insertBatch(batch);
    const cpu = process.cpuUsage(cpuStart);
    slice = { seconds: slice.seconds + (performance.now() - wallStart) / 1000, cpuSeconds: slice.cpuSeconds + (cpu.user + cpu.system) / 1e6 };
    if ((index + 1) % sliceEvery === 0 || index === batchCount - 1) {
      const rows = (index % sliceEvery + 1) * batchSize;
      print(`  up to ${Math.min((index + 1) * batchSize, total)}: ${Math.round(rows / slice.seconds)} records/s wall, ${Math.round(rows / slice.cpuSeconds)} records/s per CPU second`);
      seconds += slice.seconds;
      cpuSeconds += slice.cpuSeconds;
      slice = { seconds: 0, cpuSeconds: 0 };
    }
  }
  print(
    `inserted ${total} records (avg value ${avgBytes.toFixed(0)} B) in batches of ${batchSize}: ` +
      `${seconds.toFixed(2)} s wall = ${Math.round(total / seconds)} records/s; ` +
      `${cpuSeconds.toFixed(2)} s CPU = ${Math.round(total / cpuSeconds)} records/s per CPU second`,
  );

  const again = performance.now();
  await store.insertBatch(firstBatch);
  print(`re-insert of one batch (all conflicts): ${(performance.now() - again).toFixed(1)} ms`);

  for (const filters of [
    {},
    { topic: 'billing-events' },
    { source: 'urn:stock', name: 'Thing3Happened' },
    { correlationId: 'orders:POST_/api/things:1a' },
    { q: 'sku-1234' },
    { q: 'alpha bravo' },
    { q: 'kilo', topic: 'orders-events' },
    { key: 'key-42' },
  ]) {
    const query = recordQuerySchema.parse({ ...filters, limit: 50 });
    const t = performance.now();
    const first = await store.queryRecords(query);
    const next = first.nextCursor === null ? null : await store.queryRecords({ ...query, cursor: first.nextCursor });
    print(`query ${JSON.stringify(filters)}: ${first.items.length}+${next?.items.length ?? 0} rows, 2 pages in ${(performance.now() - t).toFixed(1)} ms`);
  }
  for (const filters of [{}, { service: 'stock' }, { status: 'error' }, { minDurationMs: 1 }, { minDurationMs: 1000 }, { service: 'nobody' }]) {
    const query = traceListQuerySchema.parse({ ...filters, limit: 50 });
    const t = performance.now();
    const first = await store.listTraces(query);
    const next = first.nextCursor === null ? null : await store.listTraces({ ...query, cursor: first.nextCursor });
    print(`traces ${JSON.stringify(filters)}: ${first.items.length}+${next?.items.length ?? 0} rows, 2 pages in ${(performance.now() - t).toFixed(1)} ms`);
  }
  const stats = await store.stats();
  print(`stats: ${stats.recordCount} records, ${(stats.sizeBytes / 1024 / 1024).toFixed(1)} MiB on disk`);
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();

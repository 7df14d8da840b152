/**
 * Dead letters at volume on the SQLite store: ingest of ordinary records (the cost of the dead-letter
 * check) and of Spring-style dead letters, then the grouped and flat queries.
 * `node --import tsx scripts/bench/dead-letters.ts [ordinary records] [dead letters]`
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { IngestedRecord } from '../../server/store';
import { openSqliteRecordStore } from '../../server/store';
import { deadLetterQuerySchema } from '../../server/store/contract';
import { decodedMessage, eventyRecord } from '../../server/store/sqlite/record-fixtures';

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const ordinary = Number(process.argv[2] ?? 200_000);
const deadLetters = Number(process.argv[3] ?? 20_000);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lens-bench-dlq-'));
const store = openSqliteRecordStore({ dataDir });
const start = Date.now() - 3_600_000;

function ordinaryRecord(i: number): IngestedRecord {
  return decodedMessage({ topic: `orders-events-${i % 4}`, offset: i, timestamp: start + i }, eventyRecord({ uuid: randomUUID(), correlation_id: `c-${i % 50_000}`, data: { i, note: 'ordinary' } }));
}

const bugs = ['Order {n} not found for customer {u}', 'Payment {n} declined: card {u} expired', ...Array.from({ length: 18 }, (_, k) => `Rare failure ${k} on item {n}`)];

function deadLetter(i: number): IngestedRecord {
  const template = i % 10 < 4 ? bugs[0]! : i % 10 < 8 ? bugs[1]! : bugs[2 + (i % 18)]!;
  const offset = Buffer.alloc(8);
  offset.writeBigInt64BE(BigInt(i));
  return decodedMessage(
    {
      topic: 'orders-events.DLT',
      offset: i,
      timestamp: start + i * 10,
      headers: [
        { key: 'kafka_dlt-original-topic', value: 'orders-events-0', encoding: 'utf8' },
        { key: 'kafka_dlt-original-partition', value: '\u0000\u0000\u0000\u0000', encoding: 'utf8' },
        { key: 'kafka_dlt-original-offset', value: offset.toString('base64'), encoding: 'base64' },
        { key: 'kafka_dlt-exception-fqcn', value: 'com.acme.HandlerException', encoding: 'utf8' },
        { key: 'kafka_dlt-exception-message', value: template.replace('{n}', String(i * 7919)).replace('{u}', randomUUID()), encoding: 'utf8' },
      ],
    },
    eventyRecord({ uuid: randomUUID(), data: { i, note: i === 12_345 ? 'needle' : 'dead' } }),
  );
}

async function insertAll(total: number, make: (i: number) => IngestedRecord): Promise<number> {
  const began = performance.now();
  for (let i = 0; i < total; i += 1000) await store.insertBatch(Array.from({ length: Math.min(1000, total - i) }, (_, k) => make(i + k)));
  return total / ((performance.now() - began) / 1000);
}

async function timed(label: string, work: () => Promise<unknown>, runs = 5): Promise<void> {
  await work();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const began = performance.now();
    await work();
    times.push(performance.now() - began);
  }
  times.sort((a, b) => a - b);
  say(`${label.padEnd(48)} median ${times[Math.floor(runs / 2)]!.toFixed(1)} ms`);
}

async function main(): Promise<void> {
  const ordinaryRate = await insertAll(ordinary, ordinaryRecord);
  const dlqRate = await insertAll(deadLetters, deadLetter);
  say(`ingest: ${Math.round(ordinaryRate)} ordinary records/s, ${Math.round(dlqRate)} dead letters/s (batches of 1,000)`);
  const groups = await store.groupDeadLetters(deadLetterQuerySchema.parse({}));
  say(`groups: ${groups.items.length}, largest ${groups.items.map((g) => g.count).sort((a, b) => b - a)[0]}`);
  const fingerprint = groups.items[0]!.fingerprint;
  await timed(`grouped, all ${deadLetters} dead letters`, () => store.groupDeadLetters(deadLetterQuerySchema.parse({})));
  await timed('grouped, last 10 minutes', () => store.groupDeadLetters(deadLetterQuerySchema.parse({ from: new Date(start + deadLetters * 10 - 600_000).toISOString() })));
  await timed('flat, first page of 100', () => store.queryDeadLetters(deadLetterQuerySchema.parse({ limit: 100 })));
  await timed('flat, one fingerprint, first page of 100', () => store.queryDeadLetters(deadLetterQuerySchema.parse({ fingerprint, limit: 100 })));
  await timed('flat, q=needle (one match)', () => store.queryDeadLetters(deadLetterQuerySchema.parse({ q: 'needle', limit: 100 })));
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

void main();

/**
 * `npm run bench:scale [-- --skip-ingest] [-- --skip-queries] [-- --fresh]`
 * (1) Ingest into one PostgreSQL database by 1, 2 and 3 collector processes sharing a consumer group: records/s,
 *     the ratio to one collector, and where the CPU went; a bare consumer reading the same topic is the baseline.
 * (2) The timeline queries at BENCH_SCALE_RECORDS (10,000,000) generated records on PostgreSQL and on SQLite.
 * Env: LENS_BENCH_DATABASE_URL (else a throwaway server from scripts/pg/pg.sh), BENCH_SCALE_INGEST (300,000),
 * BENCH_SCALE_RECORDS, BENCH_SAMPLES (300), BENCH_SCALE_ENGINES (postgres,sqlite: the stores of (2), one at a time, since
 * at 10M each takes 30+ GiB). Stores of (2) are cached between runs unless --fresh.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../server/config';
import { createKafkaAccess } from '../../server/kafka';
import { createTopics, produce, tempDir } from '../../testing/kafka-fixtures';
import { seededRandom } from './bench-topology';
import { openBenchStore } from './bench-record-store';
import { createQueryReporter, measureQueryLatencies, type Row } from './query-latencies';
import { realisticRecord } from './realistic-record';

const root = path.resolve(__dirname, '../..');
const ingestTotal = Number(process.env.BENCH_SCALE_INGEST ?? 300_000);
const queryTotal = Number(process.env.BENCH_SCALE_RECORDS ?? 10_000_000);
const samples = Number(process.env.BENCH_SAMPLES ?? 300);
const partitions = 6;
const engines = (process.env.BENCH_SCALE_ENGINES ?? 'postgres,sqlite').split(',').map((name) => {
  if (name !== 'postgres' && name !== 'sqlite') throw new Error(`BENCH_SCALE_ENGINES: unknown engine ${name} (postgres, sqlite)`);
  return name;
});
const brokers = process.env.LENS_KAFKA_BROKERS ?? '127.0.0.1:9092';
const kafka = createKafkaAccess(loadConfig({ LENS_KAFKA_BROKERS: brokers }).kafka, '-bench');
const say = (line = ''): void => void process.stdout.write(`${line}\n`);
const loadavg = () => os.loadavg().map((n) => n.toFixed(1)).join(' ');

function postgresUrl(): string {
  const given = process.env.LENS_BENCH_DATABASE_URL;
  if (given !== undefined && given !== '') return given;
  const started = spawnSync('bash', [path.join(root, 'scripts/pg/pg.sh'), 'start'], { encoding: 'utf8', env: { ...process.env, PG_DIR: path.join(root, '.tmp/bench-pg') } });
  if (started.status !== 0) throw new Error(`cannot start PostgreSQL: ${started.stderr}`);
  return started.stdout.trim().split('\n').at(-1)!;
}

async function sql<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** CPU seconds so far: the whole machine (busy and total), and per process id. */
function cpuNow(pids: readonly number[]): { busy: number; total: number; perPid: Map<number, number> } {
  const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const tick = 100; // USER_HZ
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const total = fields.reduce((a, b) => a + b, 0);
  const perPid = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      perPid.set(pid, (Number(after[11]) + Number(after[12])) / tick);
    } catch {
      perPid.set(pid, 0);
    }
  }
  return { busy: (total - idle) / tick, total: total / tick, perPid };
}

function postgresPids(): number[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false;
      }
    });
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function bareConsumerRate(topic: string): Promise<number> {
  let seen = 0;
  let firstAt = 0;
  const consumer = kafka.createBatchConsumer({
    groupId: `${topic}-bare-${randomBytes(3).toString('hex')}`,
    topics: [topic],
    fromBeginning: true,
    onBatch: (batch) => {
      if (seen === 0) firstAt = performance.now();
      seen += batch.messages.length;
      return Promise.resolve();
    },
  });
  await consumer.start();
  await waitUntil(() => Promise.resolve(seen >= ingestTotal), 600_000, 'the bare consumer');
  const seconds = (performance.now() - firstAt) / 1000;
  await consumer.stop();
  return ingestTotal / seconds;
}

interface IngestRun {
  collectors: number;
  rate: number;
  seconds: number;
  machineBusy: number;
  collectorCpu: number;
  postgresCpu: number;
}

async function collectorsRate(adminUrl: string, topic: string, collectors: number, concurrency: number | undefined): Promise<IngestRun> {
  const database = `lens_scale_${collectors}_${randomBytes(3).toString('hex')}`;
  await sql(adminUrl, `CREATE DATABASE ${database}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const dataDir = tempDir('lens-scale');
  const children: ChildProcess[] = [];
  try {
    for (let i = 0; i < collectors; i++) {
      children.push(
        spawn(path.join(root, 'node_modules/.bin/node'), ['--import', 'tsx', 'scripts/collector/run-collector.ts'], {
          cwd: root,
          env: {
            ...process.env,
            LENS_KAFKA_BROKERS: brokers,
            LENS_TOPICS: `^${topic}$`,
            LENS_GROUP_ID: `${topic}-lens-${collectors}-${concurrency ?? 'default'}`,
            ...(concurrency === undefined ? {} : { LENS_INGEST_CONCURRENCY: String(concurrency) }),
            LENS_DATABASE_URL: url.toString(),
            LENS_DATA_DIR: path.join(dataDir, `c${i}`),
            LENS_LOG_LEVEL: 'warn',
            LENS_RETENTION_DAYS: 'none',
          },
          stdio: ['ignore', 'ignore', fs.openSync(path.join(dataDir, `collector-${i}.log`), 'a')],
        }),
      );
    }
    const count = async () => Number((await sql<{ n: string | null }>(url.toString(), "SELECT (SELECT records FROM topic_counts WHERE topic = $1) AS n", [topic]).catch(() => [{ n: '0' }]))[0]?.n ?? 0);
    await waitUntil(async () => (await count()) > 0, 180_000, 'the first stored record');
    const pids = [...children.map((c) => c.pid!), ...postgresPids()];
    const [startCount, before, began] = [await count(), cpuNow(pids), performance.now()];
    await waitUntil(async () => (await count()) >= ingestTotal, 900_000, `${ingestTotal} stored records`);
    const seconds = (performance.now() - began) / 1000;
    const after = cpuNow(pids);
    const spent = (pid: number) => (after.perPid.get(pid) ?? 0) - (before.perPid.get(pid) ?? 0);
    const collectorCpu = children.reduce((sum, c) => sum + spent(c.pid!), 0);
    const postgresCpu = pids.slice(children.length).reduce((sum, pid) => sum + spent(pid), 0);
    return {
      collectors,
      rate: (ingestTotal - startCount) / seconds,
      seconds,
      machineBusy: (after.busy - before.busy) / (after.total - before.total),
      collectorCpu: collectorCpu / seconds,
      postgresCpu: postgresCpu / seconds,
    };
  } finally {
    const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
    const exited = running.map((child) => new Promise((resolve) => child.once('exit', resolve)));
    for (const child of running) child.kill('SIGKILL');
    await Promise.all(exited);
    await sql(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

async function ingestScaling(adminUrl: string): Promise<void> {
  const topic = `bench-scale-${randomBytes(4).toString('hex')}`;
  say(`producing ${ingestTotal.toLocaleString('en')} records (~${realisticRecord(0).value.length} B each) to ${topic} (${partitions} partitions)...`);
  await createTopics(kafka, [topic], partitions);
  try {
    for (let i = 0; i < ingestTotal; i += 5000) {
      await produce(kafka, topic, Array.from({ length: Math.min(5000, ingestTotal - i) }, (_, j) => realisticRecord(i + j)), 5000);
    }
    const bare = await bareConsumerRate(topic);
    say(`  (a) bare consumer of the same topic: ${Math.round(bare).toLocaleString('en')} records/s`);
    // as shipped (each collector stores up to 4 partition batches at once), then one batch at a time per collector:
    // the second shows how processes add up while one of them leaves the cores idle, waiting on round trips
    for (const concurrency of [undefined, 1]) {
      const setting = concurrency === undefined ? 'default (4 batches at once per collector)' : `LENS_INGEST_CONCURRENCY=${concurrency}`;
      say();
      say(`  ${setting}:`);
      const runs: IngestRun[] = [];
      for (const collectors of [1, 2, 3]) {
        const run = await collectorsRate(adminUrl, topic, collectors, concurrency);
        runs.push(run);
        say(`  ${collectors} collector${collectors > 1 ? 's' : ' '} → PostgreSQL: ${Math.round(run.rate).toLocaleString('en').padStart(7)} records/s in ${run.seconds.toFixed(1)} s;` +
          ` machine CPU busy ${(run.machineBusy * 100).toFixed(0)} % of ${os.cpus().length} cores; collectors ${run.collectorCpu.toFixed(2)} cores, PostgreSQL ${run.postgresCpu.toFixed(2)} cores; load ${loadavg()}`);
      }
      const one = runs[0]!.rate;
      say();
      say(`ingest summary, ${setting}:`);
      say(`  ${'collectors'.padEnd(12)} ${'records/s'.padStart(10)} ${'× one'.padStart(7)} ${'÷ bare'.padStart(7)} ${'CPU busy'.padStart(9)}`);
      for (const run of runs) {
        say(`  ${String(run.collectors).padEnd(12)} ${Math.round(run.rate).toLocaleString('en').padStart(10)} ${(run.rate / one).toFixed(2).padStart(7)} ${(run.rate / bare).toFixed(2).padStart(7)} ${`${(run.machineBusy * 100).toFixed(0)} %`.padStart(9)}`);
      }
      const two = runs[1]!.rate / one;
      say(`  target: 2 collectors ≥ 1.6× one → ${two >= 1.6 ? 'MET' : 'NOT MET'} (${two.toFixed(2)}×)` +
        (runs[0]!.machineBusy > 0.75 ? `; one collector already kept the ${os.cpus().length} cores ${(runs[0]!.machineBusy * 100).toFixed(0)} % busy, so more processes cannot add much here` : ''));
    }
  } finally {
    const admin = await kafka.connectAdmin();
    await admin.deleteTopics([topic]).catch(() => undefined);
    await admin.close();
  }
}

async function queriesAtScale(adminUrl: string): Promise<void> {
  const fresh = process.argv.includes('--fresh');
  const summaries: { engine: string; rows: Row[] }[] = [];
  for (const engine of engines) {
    say();
    say(`${engine}: ${queryTotal.toLocaleString('en')} generated records${fresh ? '' : ' (cached between runs; --fresh regenerates)'}...`);
    const bench = await openBenchStore({
      total: queryTotal, seed: 20_261_123, spanMs: 24 * 3600_000, largeTraceRecords: 0, partitions: 3, batchSize: 5000, fresh,
      onProgress: say, ...(engine === 'postgres' ? { postgresUrl: adminUrl } : {}),
    });
    const g = bench.generation;
    say(`  ${bench.origin === 'fresh' ? 'generated now' : 'cached'}: ${g.records.toLocaleString('en')} records in ${g.seconds.toFixed(0)} s (${Math.round(g.records / g.seconds).toLocaleString('en')} records/s when generated); store ${(bench.sizeBytes / 1024 ** 3).toFixed(2)} GiB; load ${loadavg()}`);
    const random = seededRandom(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const reporter = createQueryReporter(say);
    await measureQueryLatencies(bench, reporter, samples, pick, { on: 'p99', targetMs: 50 });
    summaries.push({ engine, rows: reporter.rows });
    await bench.store.close();
  }
  say();
  say(`query summary at ${queryTotal.toLocaleString('en')} records:`);
  for (const { engine, rows } of summaries) {
    for (const row of rows) {
      const l = row.latency;
      say(`  ${engine.padEnd(9)} ${row.label.padEnd(44)} p50 ${l.p50.toFixed(1).padStart(7)} ms  p95 ${l.p95.toFixed(1).padStart(7)} ms  p99 ${l.p99.toFixed(1).padStart(7)} ms  ${row.on} ≤ ${row.targetMs} ms ${l[row.on] <= row.targetMs ? 'PASS' : 'FAIL'}`);
    }
  }
}

async function main(): Promise<void> {
  say(`load average ${loadavg()} on ${os.cpus().length} CPUs (shared box: wall times include others' work)`);
  const adminUrl = postgresUrl();
  say(`PostgreSQL: ${adminUrl.replace(/:[^:@/]*@/, ':***@')}`);
  if (!process.argv.includes('--skip-ingest')) await ingestScaling(adminUrl);
  if (!process.argv.includes('--skip-queries')) await queriesAtScale(adminUrl);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

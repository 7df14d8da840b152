/**
 * `npm run bench:query [-- --fresh] [-- --skip-kafka]`: 1,000,000 generated records in a SQLite store (cached
 * between runs unless --fresh), then warm p50/p95/p99 of the timeline queries, correlation lookup and full-text
 * search; trace assembly and trace reads; and, in the same run, the Kafka scan a generic UI needs to find one
 * correlation id, as the baseline. Env: BENCH_RECORDS, BENCH_KAFKA_RECORDS, BENCH_SAMPLES.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { loadConfig } from '../../server/config';
import { closeSharedAdmin, createKafkaAccess, withSharedAdmin } from '../../server/kafka';
import { linkRecordsIntoTrace } from '../../server/link';
import { recordQuerySchema, type RecordView } from '../../server/store/contract';
import { readServiceConsumption, readTrace } from '../../server/traces';
import { benchConsumption, seededRandom } from './bench-topology';
import { openBenchStore, type BenchStore } from './bench-record-store';
import { produceGeneratedRecords, scanTopicForCorrelation, type ScanResult } from './kafka-scan-baseline';
import { measureLatency, percentiles, type Latency } from './latency';
import { createQueryReporter, measureQueryLatencies } from './query-latencies';

const total = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const kafkaTotal = Math.min(total, Number(process.env.BENCH_KAFKA_RECORDS ?? total));
const samples = Number(process.env.BENCH_SAMPLES ?? 300);
const fresh = process.argv.includes('--fresh');
const skipKafka = process.argv.includes('--skip-kafka');
const seed = 20_261_123;
const largeTraceRecords = 10_000;
const config = loadConfig({ LENS_KAFKA_BROKERS: process.env.LENS_KAFKA_BROKERS ?? '127.0.0.1:9092' });
const kafka = createKafkaAccess(config.kafka, '-bench');
const say = (line = ''): void => void process.stdout.write(`${line}\n`);
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const random = seededRandom(seed + 1);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const reporter = createQueryReporter(say);
const { rows, report } = reporter;
const queryLatencies = (bench: BenchStore): Promise<Latency> => measureQueryLatencies(bench, reporter, samples, pick);

async function storedTrace({ store }: BenchStore, correlationId: string): Promise<RecordView[]> {
  const records: RecordView[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.queryRecords(recordQuerySchema.parse({ correlationId, limit: 500, ...(cursor === undefined ? {} : { cursor }) }));
    records.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return records;
}

async function traceFigures(bench: BenchStore): Promise<void> {
  const consumption = benchConsumption();
  const large = bench.facts.largeCorrelationId;
  if (large !== null) {
    const records = await storedTrace(bench, large);
    const times: number[] = [];
    const cpuTimes: number[] = [];
    for (let run = 0; run < 25; run++) {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      linkRecordsIntoTrace(records, consumption, { correlationId: large });
      const cpu = process.cpuUsage(cpuStart);
      if (run < 5) continue;
      times.push(performance.now() - start);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
    }
    const trace = linkRecordsIntoTrace(records, consumption, { correlationId: large });
    const cpu = percentiles(cpuTimes);
    report({
      label: `link ${records.length}-record correlation`, latency: percentiles(times), targetMs: 200, on: 'p95',
      note: `${trace.roots.length} roots; CPU time p50 ${ms(cpu.p50)}, p95 ${ms(cpu.p95)} (wall counts the shared box's load)`,
    });
  }
  const deps = { store: bench.store, kafka, collectorGroupId: `bench-query-${randomBytes(3).toString('hex')}` };
  const ids = bench.facts.typicalCorrelationIds;
  let recordCount = 0;
  let consumptionKnown = 0;
  // fail here, not 300 times on a retry schedule, when the broker is down
  const groups = await withSharedAdmin(kafka, async (admin) => (await admin.listGroups()).length);
  const read = await measureLatency(samples, async (i) => {
    const result = await readTrace(deps, pick(ids));
    if (!result.found) throw new Error(result.reason);
    if (i >= samples) return;
    recordCount += result.trace.recordCount;
    if (result.trace.consumptionKnown) consumptionKnown++;
  });
  report({ label: 'trace read (readTrace, real broker admin)', latency: read, targetMs: 50, on: 'p99', note: `mean ${(recordCount / samples).toFixed(1)} records/trace, consumption known ${consumptionKnown}/${samples}` });
  const storeOnly = await measureLatency(samples, async () => linkRecordsIntoTrace(await storedTrace(bench, pick(ids)), consumption));
  const consumptionRead = await measureLatency(samples, () => withSharedAdmin(kafka, (admin) => readServiceConsumption(admin)));
  say(`    split: store read + link alone p50 ${ms(storeOnly.p50)}, p99 ${ms(storeOnly.p99)};` +
    ` consumption alone (listGroups + fetchAllCommittedOffsets of ${groups} groups on the shared broker) p50 ${ms(consumptionRead.p50)}, p99 ${ms(consumptionRead.p99)}`);
}

async function kafkaBaseline(bench: BenchStore, lookup: Latency): Promise<void> {
  const topic = `bench-query-${randomBytes(4).toString('hex')}`;
  const admin = await kafka.connectAdmin();
  try {
    await admin.createTopic(topic, 3);
    say(`producing ${kafkaTotal.toLocaleString('en')} generated records (same generator and seed${kafkaTotal === total ? ', same records' : ', a prefix-sized run'}) to ${topic} (3 partitions)...`);
    const options = { total: kafkaTotal, seed, endMs: Date.now() - 5 * 60_000, spanMs: 24 * 3600_000, largeTraceRecords: kafkaTotal === total ? largeTraceRecords : 0, partitions: 3 };
    const produceSeconds = await produceGeneratedRecords(kafka, topic, options);
    say(`  produced in ${produceSeconds.toFixed(1)} s (${Math.round(kafkaTotal / produceSeconds).toLocaleString('en')} records/s)`);
    const scans: ScanResult[] = [];
    for (let run = 0; run < 2; run++) {
      const correlationId = pick(bench.facts.typicalCorrelationIds);
      const expected = kafkaTotal === total ? (await storedTrace(bench, correlationId)).length : null;
      const scan = await scanTopicForCorrelation(config.kafka.brokers, topic, correlationId);
      scans.push(scan);
      say(`  scan ${run + 1} for ${correlationId}: ${scan.seconds.toFixed(2)} s to read ${scan.scanned.toLocaleString('en')} records to the end, ` +
        `${scan.matches} matches${expected === null ? '' : ` (store has ${expected})`}, last match seen after ${scan.lastMatchSeconds.toFixed(2)} s`);
    }
    const scale = total / kafkaTotal;
    const scanMs = (scans.reduce((sum, s) => sum + s.seconds, 0) / scans.length) * 1000 * scale;
    say(`  mean scan ${(scanMs / 1000).toFixed(2)} s${scale === 1 ? '' : ` (scaled ×${scale.toFixed(2)} from ${kafkaTotal.toLocaleString('en')} to ${total.toLocaleString('en')} records)`}` +
      ` vs our correlation lookup p50 ${ms(lookup.p50)} → ratio scan / lookup = ${Math.round(scanMs / lookup.p50).toLocaleString('en')}×`);
    baseline = { scanMs, ratio: scanMs / lookup.p50 };
  } finally {
    await admin.deleteTopics([topic]).catch((error: unknown) => say(`could not delete ${topic}: ${String(error)}`));
    if ((await admin.listTopics()).includes(topic)) say(`${topic} is still listed after its deletion: delete it by hand`);
    await admin.close();
  }
}
let baseline: { scanMs: number; ratio: number } | null = null;

async function main(): Promise<void> {
  say(`load average ${os.loadavg().map((n) => n.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs (the box is shared: wall times include others' work)`);
  say(`generating ${total.toLocaleString('en')} records (one ${largeTraceRecords.toLocaleString('en')}-record correlation woven in)...`);
  const bench = await openBenchStore({ total, seed, spanMs: 24 * 3600_000, largeTraceRecords, partitions: 3, batchSize: 5000, fresh, onProgress: say });
  const g = bench.generation;
  const f = bench.facts;
  say(`${bench.origin === 'fresh' ? 'generated in this run' : 'reused the cached store (pass --fresh to regenerate)'}: ${bench.dataDir}`);
  say(`  generation${bench.origin === 'cache' ? ' (when cached)' : ''}: ${g.records.toLocaleString('en')} records in ${g.seconds.toFixed(1)} s = ${Math.round(g.records / g.seconds).toLocaleString('en')} records/s` +
    ` (building records ${g.generateSeconds.toFixed(1)} s, insertBatch of ${g.batchSize} ${g.insertSeconds.toFixed(1)} s)`);
  say(`  ${f.traces.toLocaleString('en')} correlations, ${f.undecodable.toLocaleString('en')} undecodable; events ${f.kinds.event.toLocaleString('en')}, requests ${f.kinds.request.toLocaleString('en')}, responses ${f.kinds.response.toLocaleString('en')}; store ${(bench.sizeBytes / 1024 / 1024).toFixed(0)} MiB`);
  say();
  say(`queries (warm, random parameters from the generated data):`);
  const lookup = await queryLatencies(bench);
  say();
  say('traces:');
  await traceFigures(bench);
  say();
  if (skipKafka) say('Kafka baseline skipped (--skip-kafka)');
  else await kafkaBaseline(bench, lookup);
  await closeSharedAdmin();
  await bench.store.close();
  say();
  say(`load average at the end ${os.loadavg().map((n) => n.toFixed(1)).join(' ')}; peak RSS of this process ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
  say(`summary (${total.toLocaleString('en')} records, ${bench.origin === 'fresh' ? 'generated in this run' : 'cached store'}):`);
  say(`  ${'measure'.padEnd(44)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'p99'.padStart(9)}  target        result`);
  for (const row of rows) {
    const l = row.latency;
    say(`  ${row.label.padEnd(44)} ${ms(l.p50).padStart(9)} ${ms(l.p95).padStart(9)} ${ms(l.p99).padStart(9)}  ${`${row.on} ≤ ${row.targetMs} ms`.padEnd(13)} ${l[row.on] <= row.targetMs ? 'PASS' : 'FAIL'}`);
  }
  if (baseline !== null) say(`  ${'generic-UI Kafka scan for one correlation'.padEnd(44)} ${ms(baseline.scanMs).padStart(9)}  → ${Math.round(baseline.ratio).toLocaleString('en')}× our lookup p50`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

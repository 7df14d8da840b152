/**
 * Times linkRecordsIntoTrace on a shuffled 10,000-record trace (issue 5 target: ≤ 200 ms).
 * Run: PATH=$PWD/node_modules/.bin:$PATH tsx server/link/measure-link.ts [items] [runs]
 */
import { batchConsumption, batchImportRecords } from './large-trace.fixture';
import { linkRecordsIntoTrace } from './link-records';

const items = Number(process.argv[2] ?? 2000);
const runs = Number(process.argv[3] ?? 20);
const print = (line: string): void => void process.stdout.write(`${line}\n`);

const records = batchImportRecords(items);
// CPU time is printed beside wall time because the machine is shared and wall time counts others' load too
const first = performance.now();
const cpuStart = process.cpuUsage();
const trace = linkRecordsIntoTrace(records, batchConsumption);
const cpu = process.cpuUsage(cpuStart);
const coldMs = performance.now() - first;
const times: number[] = [];
for (let run = 0; run < runs; run++) {
  const start = performance.now();
  linkRecordsIntoTrace(records, batchConsumption);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const at = (quantile: number): string => times[Math.min(times.length - 1, Math.floor(quantile * times.length))]!.toFixed(1);
print(`${records.length} records, ${trace.roots.length} roots, status ${trace.status}`);
print(`first run (cold JIT): ${coldMs.toFixed(1)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(1)} ms CPU`);
print(`${runs} warm runs: median ${at(0.5)} ms, max ${at(1)} ms`);

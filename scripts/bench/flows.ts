/**
 * `tsx scripts/bench/flows.ts <data dir> <window end, epoch ms>`: latency of `GET /api/flows`'s work (store counts,
 * sampled trace linking, aggregation) over 15 min, 1 h and 24 h windows of a store such as bench:query's 1M records.
 * The consumer groups come from the bench topology instead of a broker. Opens (and may migrate) the store: use a copy.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readFlows } from '../../server/flows';
import type { ConsumerLag } from '../../server/lag';
import { openRecordStore } from '../../server/store';
import { benchConsumption } from './bench-topology';
import { measureLatency } from './latency';

const [dataDir, endArg] = process.argv.slice(2);
if (dataDir === undefined || endArg === undefined) throw new Error('usage: flows.ts <data dir> <window end, epoch ms>');
const endMs = Number(endArg);
const say = (line: string): void => void process.stdout.write(`${line}\n`);

const lag: ConsumerLag = {
  groups: Object.entries(benchConsumption().topicsByService).map(([groupId, topics]) => ({
    groupId,
    state: 'Stable',
    members: [],
    lagRecords: 0,
    lagSeconds: 0,
    catchUpSeconds: 0,
    fallingBehind: false,
    stuckPartitions: 0,
    partitions: topics.map((topic) => ({
      topic, partition: 0, committedOffset: 0, highWatermark: 0, logStartOffset: 0, lagRecords: 0, lagSeconds: 0,
      stuckSince: null, catchUpSeconds: 0, fallingBehind: false, neverCommitted: false, committedBelowLogStart: false,
    })),
  })),
};

async function main(dataDir: string): Promise<void> {
  const openedAt = performance.now();
  const store = openRecordStore({ dataDir });
  say(`opened in ${(performance.now() - openedAt).toFixed(0)} ms; ${(await store.stats()).recordCount} records`);
  const deps = { store, readLag: () => Promise.resolve(lag), isExcludedGroup: () => false };
  for (const [label, spanMs] of [['15 min', 15 * 60_000], ['1 h', 3_600_000], ['24 h', 86_400_000]] as const) {
    const window = { fromMs: endMs - spanMs, toMs: endMs };
    const graph = await readFlows(deps, window);
    const counts = await measureLatency(20, () => store.countFlows({ ...window, sampleSize: 100 }), 3);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const total = await measureLatency(20, () => readFlows(deps, window), 3);
    loop.disable();
    say(`${label.padEnd(7)} ${String(graph.records).padStart(8)} records, ${graph.nodes.length} nodes, ${graph.edges.length} edges, ${graph.latencySample.correlations} correlations sampled (${graph.latencySample.hops} hops)`);
    say(`        countFlows p50 ${counts.p50.toFixed(1)} ms p95 ${counts.p95.toFixed(1)} ms; readFlows p50 ${total.p50.toFixed(1)} ms p95 ${total.p95.toFixed(1)} ms; longest event-loop block ${(loop.max / 1e6).toFixed(0)} ms`);
  }
  await store.close();
}

void main(dataDir);

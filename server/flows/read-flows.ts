import { answerWithin } from '../kafka';
import type { ConsumerLag } from '../lag/contract';
import { createServiceNaming, linkRecordsIntoTrace, type ServiceConsumption } from '../link';
import type { RecordStore } from '../store/contract';
import { createLogger } from '../telemetry/logger';
import { aggregateFlows, type DeadLetterFailure } from './aggregate-flows';
import type { FlowGraph, FlowsQuery } from './contract';
import { hopsOfTrace, type HopSample } from './hop-latencies';
import { mapGroupsToServices, type ServiceGroup } from './service-groups';

const log = createLogger('flows');

export interface ReadFlowsDeps {
  /** with queryDeadLetters, dead letters of the window count among the failures of the edges into their original topic */
  store: Pick<RecordStore, 'countFlows' | 'queryRecords'> & Partial<Pick<RecordStore, 'queryDeadLetters'>>;
  /** the consumer groups with their topics and lag, as the lag sampler last read them */
  readLag: () => Promise<ConsumerLag>;
  /** groups that are no service (Eventy Lens's own collectors) */
  isExcludedGroup: (groupId: string) => boolean;
}

export interface ReadFlowsOptions {
  /** correlations whose records are linked to measure hop latency */
  maxCorrelations?: number;
  maxRecordsPerCorrelation?: number;
  /** an unreachable broker must not hold the graph for its whole retry schedule */
  lagTimeoutMs?: number;
}

/** The service graph of a window: counts aggregated in the store, consumers from the groups, hop latency from sampled traces. */
export async function readFlows(deps: ReadFlowsDeps, { fromMs, toMs }: FlowsQuery, options: ReadFlowsOptions = {}): Promise<FlowGraph> {
  const maxCorrelations = options.maxCorrelations ?? 100;
  const maxRecordsPerCorrelation = options.maxRecordsPerCorrelation ?? 500;
  const lag = answerWithin(deps.readLag(), options.lagTimeoutMs ?? 5000, (error) =>
    log.warn('consumer groups unreadable; flows without consumers from groups', { error }),
  );
  const { counts, sampleCorrelationIds } = await deps.store.countFlows({ fromMs, toMs, sampleSize: maxCorrelations });
  const deadLetters = await readDeadLetterFailures(deps.store, fromMs, toMs);
  const urns = counts.flatMap((c) => [c.source, c.destination]).filter((u): u is string => u !== null);
  const known = await lag;
  const groups = known === null ? [] : mapGroupsToServices(known.groups, urns, createServiceNaming({ topicsByService: {} }), deps.isExcludedGroup);
  // each counted group's first correlation first, so rare edges get a hop measured too, then the evenly spread sample
  const correlations = [...new Set([...counts.map((c) => c.correlationId).filter((c): c is string => c !== null), ...sampleCorrelationIds])].slice(0, maxCorrelations);
  const hops = await sampleHops(deps.store, correlations, consumptionOf(groups), maxRecordsPerCorrelation);
  return aggregateFlows({
    fromMs,
    toMs,
    counts,
    groups,
    hops,
    latencySample: { correlations: correlations.length, maxCorrelations, maxRecordsPerCorrelation, hops: hops.length },
    consumptionKnown: known !== null,
    lagAsOf: known?.asOf ?? null,
    deadLetters,
  });
}

/** at most this many dead letters of a window are read (20 pages); beyond, the failures shown are a lower bound */
const maxDeadLetters = 10_000;

/**
 * The window's dead letters by original topic, record name, source and failing group. Those whose value does not
 * decode are left out: their undecodable original already counts as an error.
 */
async function readDeadLetterFailures(store: ReadFlowsDeps['store'], fromMs: number, toMs: number): Promise<DeadLetterFailure[]> {
  if (store.queryDeadLetters === undefined) return [];
  const failures = new Map<string, DeadLetterFailure>();
  let cursor: string | undefined;
  let read = 0;
  do {
    const page = await store.queryDeadLetters({ from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), limit: 500, ...(cursor === undefined ? {} : { cursor }) });
    read += page.items.length;
    for (const { provenance, record } of page.items) {
      if (provenance.originalTopic === null || record.record === undefined) continue;
      const failure = { originalTopic: provenance.originalTopic, name: record.record.name, source: record.record.source, consumerGroup: provenance.consumerGroup, count: 0 };
      const key = JSON.stringify([failure.originalTopic, failure.name, failure.source, failure.consumerGroup]);
      const known = failures.get(key) ?? failure;
      known.count += 1;
      failures.set(key, known);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && read < maxDeadLetters);
  return [...failures.values()];
}

function consumptionOf(groups: readonly ServiceGroup[]): ServiceConsumption {
  const topicsByService: Record<string, string[]> = {};
  for (const group of groups) topicsByService[group.service] = [...(topicsByService[group.service] ?? []), ...group.topics];
  return { topicsByService };
}

async function sampleHops(store: ReadFlowsDeps['store'], correlations: readonly string[], consumption: ServiceConsumption, limit: number): Promise<HopSample[]> {
  const hops: HopSample[] = [];
  for (const [index, correlationId] of correlations.entries()) {
    // store reads resolve without yielding: let the event loop run every few correlations
    if (index % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
    const { items } = await store.queryRecords({ correlationId, limit });
    if (items.length === 0) continue;
    hops.push(...hopsOfTrace(linkRecordsIntoTrace(items, consumption, { correlationId, collapseAbove: Number.MAX_SAFE_INTEGER })));
  }
  return hops;
}

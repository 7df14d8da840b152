import { answerWithin } from '../kafka';
import type { ConsumerLag } from '../lag/contract';
import { createServiceNaming, linkRecordsIntoTrace, type ServiceConsumption } from '../link';
import type { RecordStore } from '../store/contract';
import { createLogger } from '../telemetry/logger';
import { aggregateFlows } from './aggregate-flows';
import type { FlowGraph, FlowsQuery } from './contract';
import { hopsOfTrace, type HopSample } from './hop-latencies';
import { mapGroupsToServices, type ServiceGroup } from './service-groups';

const log = createLogger('flows');

export interface ReadFlowsDeps {
  store: Pick<RecordStore, 'countFlows' | 'queryRecords'>;
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
  });
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

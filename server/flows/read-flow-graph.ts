import 'server-only';
import { getLensRuntime } from '../runtime';
import type { FlowGraph, FlowsQuery } from './contract';
import { readFlows } from './read-flows';

/** What `GET /api/flows` returns, from the runtime's store and lag sampler. */
export function readFlowGraph(query: FlowsQuery): Promise<FlowGraph> {
  const { store, lagSampler, config } = getLensRuntime();
  return readFlows(
    {
      store,
      readLag: () => lagSampler.current(),
      // the configured collector group, and those of other Eventy Lens instances, read every topic but are no service
      isExcludedGroup: (groupId) => groupId === config.collector.groupId || groupId.startsWith('eventy-lens'),
    },
    query,
  );
}

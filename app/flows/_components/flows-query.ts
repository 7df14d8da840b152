import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { fetchJson } from '@/app/_lib/api-client';
import { timeRanges } from '@/app/_lib/url-filters';
import type { FlowGraph } from '@/server/flows/contract';

/** The windows the flow graph offers, as `?range=` values. */
export const flowRanges = ['15m', '1h', '24h'] as const;
export type FlowRange = (typeof flowRanges)[number];

export function parseFlowRange(value: unknown): FlowRange {
  return flowRanges.find((range) => range === value) ?? '15m';
}

/** The service graph of the last `range`, refetched while the page is open; the previous graph stays while the next loads. */
export function flowsQueryOptions(range: FlowRange) {
  return queryOptions({
    queryKey: ['flows', range] as const,
    queryFn: ({ signal }) => {
      const to = Date.now();
      const params = new URLSearchParams({ from: new Date(to - timeRanges[range]).toISOString(), to: new Date(to).toISOString() });
      return fetchJson<FlowGraph>(`/api/flows?${params.toString()}`, signal);
    },
    refetchInterval: 15_000,
    staleTime: 10_000,
    placeholderData: keepPreviousData,
  });
}

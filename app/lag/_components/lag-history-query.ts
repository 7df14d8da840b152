import { queryOptions } from '@tanstack/react-query';
import { fetchJson } from '@/app/_lib/api-client';
import type { LagHistory } from '@/server/lag';
import { historyRanges, type HistoryRange } from './format-lag';

/** One group's lag history over the last `range`, refetched while the page is open. */
export function lagHistoryQueryOptions(groupId: string, range: HistoryRange) {
  return queryOptions({
    queryKey: ['lag-history', groupId, range] as const,
    queryFn: ({ signal }) => {
      const to = Date.now();
      const params = new URLSearchParams({ from: new Date(to - historyRanges[range]).toISOString(), to: new Date(to).toISOString() });
      return fetchJson<LagHistory>(`/api/lag/${encodeURIComponent(groupId)}/history?${params.toString()}`, signal);
    },
    refetchInterval: 5_000,
    staleTime: 4_000,
  });
}

'use client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Me } from '@/server/auth/contract';
import { fetchJson } from './api-client';

export const meQueryOptions = queryOptions({
  queryKey: ['auth', 'me'] as const,
  queryFn: ({ signal }) => fetchJson<Me>('/api/auth/me', signal),
  staleTime: 60_000,
  // operator buttons stay disabled until this answers: a passing failure must not hide them for a minute
  retry: 4,
  retryDelay: (attempt) => Math.min(250 * 2 ** attempt, 2000),
});

/**
 * Who is signed in (`data` undefined while loading or when signed out) and whether they may run
 * operator actions: hide or disable requeue/replay/park buttons when `canOperate` is false.
 */
export function useMe() {
  const query = useQuery(meQueryOptions);
  return { ...query, me: query.data, canOperate: query.data?.role === 'operator' };
}

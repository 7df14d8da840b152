'use client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
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
  // The server renders without knowing who asks (buttons disabled). A part of the page that hydrates after another
  // part already fetched /api/auth/me would otherwise hydrate with the answer in hand: React keeps the server's
  // `disabled` attribute on such a mismatch and never updates it, so the buttons stayed disabled until a reload.
  // Until hydrated, answer as the server did; the render right after brings the answer.
  const hydrated = useSyncExternalStore(subscribeToNothing, () => true, () => false);
  const me = hydrated ? query.data : undefined;
  return { ...query, me, canOperate: me?.role === 'operator' };
}

const subscribeToNothing = () => () => undefined;

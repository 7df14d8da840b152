import { QueryClient, defaultShouldDehydrateQuery, isServer } from '@tanstack/react-query';

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // above zero, so data prefetched on the server is not fetched again right after hydration
      queries: { staleTime: 15_000, refetchOnWindowFocus: false, retry: 1 },
      dehydrate: { shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === 'pending' },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

/** A fresh client per server request (never share cached data between users); one per browser tab. */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

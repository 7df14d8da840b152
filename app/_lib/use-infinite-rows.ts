'use client';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';

export interface InfiniteRowsOptions {
  rows: readonly { id: string }[];
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  /** px of one row */
  rowHeight: number;
  /** asks for the next page once the last visible row is this close to the end */
  prefetchRows: number;
}

/**
 * A virtualized list of loaded rows (plus a loader row while more exist) that asks for the next page as the
 * reader nears its end: only the visible rows exist in the DOM. The timeline and the dead letters use it.
 */
export function useInfiniteRows({ rows, hasMore, loadingMore, onLoadMore, rowHeight, prefetchRows }: InfiniteRowsOptions) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length + (hasMore ? 1 : 0),
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 15,
    getItemKey: (index) => rows[index]?.id ?? 'loader',
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - prefetchRows) onLoadMore();
  }, [hasMore, loadingMore, lastIndex, rows.length, onLoadMore, prefetchRows]);
  return { scroller, virtualizer, items };
}

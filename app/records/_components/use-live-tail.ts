'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RecordPage, RecordView } from '@/server/store/contract';
import { fetchJson } from '../../_lib/api-client';
import { toApiFilters, type TimelineFilters } from '../../_lib/timeline-filters';

export type TailStatus = 'off' | 'connecting' | 'live' | 'reconnecting';

/** Records kept in the live list; beyond this the oldest live rows are dropped from view (they stay stored). */
const maxLiveRows = 50_000;
const gapFillLimit = 500;

export interface LiveTail {
  status: TailStatus;
  /** arrived while live, newest first */
  records: RecordView[];
  /** arrived while paused, newest first; shown as "N new" */
  pending: number;
  paused: boolean;
  /** records the server had to skip for this slow connection */
  skipped: number;
  pause: () => void;
  resume: () => void;
}

function streamUrl(filters: TimelineFilters): string {
  // a relative window only bounds the past: every record arriving now is inside it
  const params = toApiFilters({ ...filters, range: undefined }, Date.now());
  return `/api/records/stream?${new URLSearchParams(params).toString()}`;
}

function newestFirst(a: RecordView, b: RecordView): number {
  return a.timestamp < b.timestamp ? 1 : a.timestamp > b.timestamp ? -1 : b.offset - a.offset;
}

/**
 * Streams new matching records over server-sent events while `enabled`. Nothing is lost across
 * pauses (buffered) or reconnects (on every (re)connect, the records since the newest one shown
 * are read from the API and merged, deduplicated by id).
 */
export function useLiveTail(filters: TimelineFilters, enabled: boolean, newestShown: () => string | null): LiveTail {
  const [status, setStatus] = useState<TailStatus>('off');
  const [records, setRecords] = useState<RecordView[]>([]);
  const pendingRef = useRef<RecordView[]>([]);
  const [pending, setPending] = useState(0);
  const [paused, setPaused] = useState(false);
  const [skipped, setSkipped] = useState(0);
  const pausedRef = useRef(paused);
  const seen = useRef(new Set<string>());
  const newestRef = useRef(newestShown);
  newestRef.current = newestShown;

  const add = useCallback((incoming: readonly RecordView[]) => {
    const fresh = incoming.filter((record) => !seen.current.has(record.id)).sort(newestFirst);
    if (fresh.length === 0) return;
    for (const record of fresh) seen.current.add(record.id);
    if (pausedRef.current) {
      pendingRef.current = [...fresh, ...pendingRef.current].slice(0, maxLiveRows);
      setPending(pendingRef.current.length);
    } else {
      setRecords((current) => [...fresh, ...current].slice(0, maxLiveRows));
    }
  }, []);

  useEffect(() => {
    seen.current = new Set();
    setRecords([]);
    pendingRef.current = [];
    setPending(0);
    setSkipped(0);
    if (!enabled) {
      setStatus('off');
      return;
    }
    setStatus('connecting');
    const source = new EventSource(streamUrl(filters));
    const gapFill = new AbortController();
    let newest: string | null = null;
    const fillGap = () => {
      const since = newest ?? newestRef.current();
      if (since === null) return;
      const params = { ...toApiFilters(filters, Date.now()), from: since, limit: String(gapFillLimit) };
      fetchJson<RecordPage>(`/api/records?${new URLSearchParams(params).toString()}`, gapFill.signal)
        .then((page) => add(page.items))
        .catch(() => undefined); // the stream keeps going; the next reconnect tries again
    };
    source.addEventListener('ready', () => {
      setStatus('live');
      fillGap();
    });
    source.addEventListener('records', (event: MessageEvent<string>) => {
      const batch = JSON.parse(event.data) as RecordView[];
      for (const record of batch) if (newest === null || record.timestamp > newest) newest = record.timestamp;
      add(batch);
    });
    source.addEventListener('overflow', (event: MessageEvent<string>) => {
      const { skipped: count } = JSON.parse(event.data) as { skipped: number };
      setSkipped((total) => total + count);
    });
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? 'off' : 'reconnecting');
    return () => {
      gapFill.abort();
      source.close();
    };
  }, [enabled, filters, add]);

  const pause = useCallback(() => {
    pausedRef.current = true;
    setPaused(true);
  }, []);
  const resume = useCallback(() => {
    pausedRef.current = false;
    setPaused(false);
    const waiting = pendingRef.current;
    pendingRef.current = [];
    setPending(0);
    if (waiting.length > 0) setRecords((current) => [...waiting, ...current].slice(0, maxLiveRows));
  }, []);

  return { status, records, pending, paused, skipped, pause, resume };
}

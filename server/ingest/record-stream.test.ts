import { describe, expect, it } from 'vitest';
import { sseFrames, type SseFrame } from '../../testing/sse-frames';
import { recordFilterSchema, type RecordView } from '../store/contract';
import { decodedMessage, eventyRecord, undecodableMessage } from '../store/sqlite/record-fixtures';
import type { CollectorState, CollectorStatus, RecordsListener } from './contract';
import { createRecordEventStream, type RecordEventStreamOptions } from './record-stream';
import { toRecordViews } from './record-views';

function fakeCollector() {
  const listeners = new Set<RecordsListener>();
  let state: CollectorState = 'connected';
  return {
    listeners,
    setState: (next: CollectorState) => void (state = next),
    emit: (records: RecordView[]) => listeners.forEach((listener) => listener(records)),
    onRecords(listener: RecordsListener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    status: (): CollectorStatus => ({ state, groupId: 'g', topicPattern: '.*', topics: [], lastError: null, lastFetchAt: null, recordsIngested: 0, partitions: [] }),
  };
}

const views = (from: number, count: number, source = 'urn:orders') =>
  toRecordViews(Array.from({ length: count }, (_, i) => decodedMessage({ offset: from + i }, eventyRecord({ uuid: `u-${from + i}`, source }))));

function open(collector: ReturnType<typeof fakeCollector>, filters: Record<string, string> = {}, extra: Partial<RecordEventStreamOptions> = {}) {
  const stream = createRecordEventStream({ collector, query: recordFilterSchema.parse(filters), ...extra });
  const frames = sseFrames(stream);
  const next = async (): Promise<SseFrame> => {
    const { value, done } = await frames.next();
    if (done) throw new Error('stream ended');
    return value;
  };
  return { stream, frames, next };
}

const uuidsOf = (frame: SseFrame) => (JSON.parse(frame.data) as RecordView[]).map((view) => view.record?.uuid ?? view.id);

describe('createRecordEventStream', () => {
  it('starts with retry and ready, then sends only matching records of each batch', async () => {
    const collector = fakeCollector();
    const { next, frames } = open(collector, { source: 'urn:billing' });
    expect(await next()).toEqual({ event: 'ready', data: '{"state":"connected"}', retry: 2000 });
    collector.emit(views(0, 3));
    collector.emit([...views(3, 2, 'urn:billing'), ...toRecordViews([undecodableMessage({ offset: 9 }, null)])]);
    const frame = await next();
    expect(frame.event).toBe('records');
    expect(uuidsOf(frame)).toEqual(['u-3', 'u-4']);
    await frames.return(undefined);
  });

  it('sends a heartbeat comment when idle and a status frame when the collector state changes', async () => {
    const collector = fakeCollector();
    const { next, frames } = open(collector, {}, { heartbeatMs: 30, statusPollMs: 5 });
    await next();
    expect(await next()).toMatchObject({ event: 'comment' });
    collector.setState('broker-down');
    const status = await next();
    expect(status.event === 'status' ? status : await next()).toEqual({ event: 'status', data: '{"state":"broker-down","lastError":null}' });
    await frames.return(undefined);
  });

  it('drops the oldest records for a slow reader and says how many', async () => {
    const collector = fakeCollector();
    const { next, frames } = open(collector, {}, { maxQueued: 5 });
    await next();
    collector.emit(views(0, 4));
    collector.emit(views(4, 4));
    collector.emit(views(8, 4));
    expect(await next()).toEqual({ event: 'overflow', data: '{"skipped":7}' });
    expect(uuidsOf(await next())).toEqual(['u-7']);
    expect(uuidsOf(await next())).toEqual(['u-8', 'u-9', 'u-10', 'u-11']);
    await frames.return(undefined);
  });

  it('unsubscribes when the request is aborted', async () => {
    const collector = fakeCollector();
    const abort = new AbortController();
    const { next, frames } = open(collector, {}, { signal: abort.signal });
    await next();
    expect(collector.listeners.size).toBe(1);
    const pending = frames.next();
    abort.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(collector.listeners.size).toBe(0);
    collector.emit(views(0, 1));
  });

  it('unsubscribes when the reader cancels, and at once for an aborted signal', async () => {
    const collector = fakeCollector();
    const reader = open(collector).stream.getReader();
    await reader.read();
    expect(collector.listeners.size).toBe(1);
    await reader.cancel();
    expect(collector.listeners.size).toBe(0);
    open(collector, {}, { signal: AbortSignal.abort() });
    expect(collector.listeners.size).toBe(0);
  });

  it('writes bigints of tolerant decodes as text', async () => {
    const collector = fakeCollector();
    const { next, frames } = open(collector);
    await next();
    const [view] = views(0, 1);
    collector.emit([{ ...view!, record: eventyRecord({ data: { big: 2n ** 70n } }) }]);
    expect((await next()).data).toContain('"big":"1180591620717411303424"');
    await frames.return(undefined);
  });
});

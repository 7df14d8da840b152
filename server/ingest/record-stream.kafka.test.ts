import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encoded, testEvent, testRequest, testResponse } from '../../testing/eventy-records';
import { createTopics, produce, testConfig, testKafka, uniquePrefix, waitFor } from '../../testing/kafka-fixtures';
import { sseFrames } from '../../testing/sse-frames';
import { closeLensRuntime, createLensRuntime, type LensRuntime } from '../runtime/create-runtime';
import { recordFilterSchema, type RecordView } from '../store/contract';
import type { Collector } from './collector';
import { createRecordEventStream } from './record-stream';

const prefix = uniquePrefix('record-stream');
const config = testConfig({ LENS_TOPICS: `^${prefix}`, LENS_GROUP_ID: `${prefix}lens`, LENS_TOPIC_REFRESH_MS: '1000' });
const kafka = testKafka();
const eventsTopic = `${prefix}orders-events`;
const responsesTopic = `${prefix}billing-responses`;

let runtime: LensRuntime;
let listening = 0;
/** The runtime's collector, counting its live listeners. */
let collector: Pick<Collector, 'onRecords' | 'status'>;

beforeAll(async () => {
  await createTopics(kafka, [eventsTopic, responsesTopic]);
  runtime = createLensRuntime(config);
  const real = runtime.collector;
  collector = {
    status: () => real.status(),
    onRecords(listener) {
      listening++;
      const off = real.onRecords(listener);
      return () => {
        listening--;
        off();
      };
    },
  };
  real.start();
});

afterAll(async () => {
  await closeLensRuntime(runtime);
});

describe('live tail against a real broker', () => {
  it('streams only the records that pass the filters, as they are stored', async () => {
    const abort = new AbortController();
    const query = recordFilterSchema.parse({ service: 'urn:billing', header: 'tenant', headerValue: 'acme' });
    const frames = sseFrames(createRecordEventStream({ collector, query, signal: abort.signal, heartbeatMs: 200 }));
    expect((await frames.next()).value).toMatchObject({ event: 'ready', retry: 2000 });
    expect(listening).toBe(1);

    const request = testRequest();
    const wanted = [testResponse(request), testResponse(request, { ok: false, error_message: 'card declined' })];
    const otherTenant = testResponse(request);
    const events = Array.from({ length: 20 }, () => testEvent());
    await produce(kafka, eventsTopic, events.map((e) => ({ ...encoded(e), headers: { tenant: 'acme' } })));
    await produce(kafka, responsesTopic, [
      { ...encoded(wanted[0]!), headers: { tenant: 'acme' } },
      { ...encoded(otherTenant), headers: { tenant: 'globex' } },
      { ...encoded(wanted[1]!), headers: { tenant: 'acme', traceparent: '00-x-01' } },
    ]);
    await waitFor(async () => (await runtime.store.stats()).recordCount === events.length + 3, 'all records stored');

    // every batch stored so far is queued ahead of the next heartbeat; the first frame may be one buffered earlier
    const received: RecordView[] = [];
    let first = true;
    for (let frame = await frames.next(); !frame.done; frame = await frames.next(), first = false) {
      if (frame.value.event === 'records') received.push(...(JSON.parse(frame.value.data) as RecordView[]));
      else if (frame.value.event === 'comment' && !first) break;
    }
    expect(received.map((view) => view.record?.uuid).sort()).toEqual(wanted.map((r) => r.uuid).sort());
    expect(received.every((view) => view.topic === responsesTopic)).toBe(true);

    abort.abort();
    expect(listening).toBe(0);
    expect((await frames.next()).done).toBe(true);
  });

  it('removes its listener when the reader goes away', async () => {
    const stream = createRecordEventStream({ collector, query: recordFilterSchema.parse({}) });
    const reader = stream.getReader();
    await reader.read();
    expect(listening).toBe(1);
    await reader.cancel();
    expect(listening).toBe(0);
  });
});

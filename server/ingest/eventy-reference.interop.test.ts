import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEventyJson } from '../decode';
import type { EventyRecord } from '../decode/contract';
import { closeLensRuntime, createLensRuntime, type LensRuntime } from '../runtime/create-runtime';
import type { RecordStore, RecordView } from '../store/contract';
import { tempDir, testBrokers, testConfig, uniquePrefix, waitFor } from '../../testing/kafka-fixtures';
import type { Collector } from './collector';

/** One message as the Python reference side (scripts/interop/produce_records.py) reports it. */
interface ReferenceMessage {
  id: string;
  serializer: 'json' | 'avro';
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  headers: unknown[];
  value_b64: string;
  record: EventyRecord;
  /** what eventy's own decoder reads back (Avro loses float precision in context) */
  decoded_by_eventy: EventyRecord;
}
interface ReferenceRun {
  ok: boolean;
  eventy_version: string;
  messages: ReferenceMessage[];
  exchanges: { serializer: string; request_id: string; response_id: string; ok: boolean }[];
}

const root = path.resolve(import.meta.dirname, '../..');
const prefix = uniquePrefix('interop');
let run: ReferenceRun;
let runtime: LensRuntime;
let store: RecordStore;
let collector: Collector;
const views = new Map<string, RecordView>();

beforeAll(async () => {
  const python = execFileSync('bash', [path.join(root, 'scripts/interop/setup-venv.sh')], { encoding: 'utf8' }).trim().split('\n').pop()!;
  const out = path.join(tempDir('lens-interop'), 'reference.json');
  execFileSync(python, ['scripts/interop/produce_records.py', '--bootstrap', testBrokers, '--topic-prefix', prefix, '--out', out], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 240_000,
  });
  run = JSON.parse(fs.readFileSync(out, 'utf8')) as ReferenceRun;

  const config = testConfig({ LENS_TOPICS: `^${prefix}`, LENS_GROUP_ID: `${prefix}lens`, LENS_TOPIC_REFRESH_MS: '1000' });
  runtime = createLensRuntime(config);
  ({ store, collector } = runtime);
  collector.start();
  await waitFor(async () => (await store.stats()).recordCount >= run.messages.length, 'every reference message stored', 60_000, 250);
  for (const m of run.messages) {
    const view = await store.getRecord(`${m.topic}:${m.partition}:${m.offset}`);
    if (view) views.set(m.id, view);
  }
});

afterAll(async () => {
  await closeLensRuntime(runtime);
});

describe('records written by the Python eventy 3.4.0 package', () => {
  it('were produced and checked by eventy itself', () => {
    expect(run.ok).toBe(true);
    expect(run.eventy_version).toBe('3.4.0');
    expect(run.messages.filter((m) => m.serializer === 'json').length).toBeGreaterThanOrEqual(5);
    expect(run.messages.filter((m) => m.serializer === 'avro').length).toBeGreaterThanOrEqual(5);
  });

  it('are all stored, and nothing else', async () => {
    expect((await store.stats()).recordCount).toBe(run.messages.length);
    expect(views.size).toBe(run.messages.length);
  });

  it('decode to exactly the fields eventy reads back, for every kind and both serializers', () => {
    for (const m of run.messages) {
      const view = views.get(m.id)!;
      expect(view.kind, m.id).toBe(m.record.type.toLowerCase());
      expect(view.format, m.id).toBe(m.serializer);
      expect(view.key, m.id).toBe(m.key);
      expect(view.headers, m.id).toEqual([]);
      expect(view.size, m.id).toBe(Buffer.from(m.value_b64, 'base64').length);
      expect(view.record, m.id).toEqual(m.decoded_by_eventy);
    }
  });

  it('re-encode JSON records to the very bytes eventy wrote', () => {
    for (const m of run.messages.filter((x) => x.serializer === 'json')) {
      expect(encodeEventyJson(views.get(m.id)!.record!).toString('utf8'), m.id).toBe(Buffer.from(m.value_b64, 'base64').toString('utf8'));
    }
  });

  it('pair every response of the real billing service with its request', () => {
    expect(run.exchanges.length).toBeGreaterThan(0);
    for (const exchange of run.exchanges) {
      const request = views.get(exchange.request_id)!.record!;
      const response = views.get(exchange.response_id)!.record!;
      expect(response.request_uuid).toBe(request.uuid);
      expect(response.correlation_id).toBe(request.correlation_id);
      expect(response.destination).toBe(request.source);
      expect(response.ok).toBe(exchange.ok);
    }
  });
});

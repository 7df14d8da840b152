import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encoded, testEvent } from '../../testing/eventy-records';
import { createTopics, produce, testConfig, testKafka, uniquePrefix, waitFor } from '../../testing/kafka-fixtures';
import { databaseNameOf, databaseUrlOf, withDatabase } from '../../testing/postgres-fixtures';
import type { RecordView } from '../store/contract';
import { closeLensRuntime, createLensRuntime, type LensRuntime } from './create-runtime';

/**
 * Two dashboard instances on one PostgreSQL database: A collects, B only serves. What A stores is on B's timeline,
 * in B's live tail (LISTEN/NOTIFY) and B's topic counts, and both write to and read one audit log.
 */
const prefix = uniquePrefix('instances');
const topic = `${prefix}orders-events`;
const database = databaseNameOf(prefix);
const runtimes: LensRuntime[] = [];

const databaseUrl = () => databaseUrlOf(database);
const admin = (sql: string) => withDatabase((client) => client.query(sql));

function instance(overrides: Record<string, string>): LensRuntime {
  const runtime = createLensRuntime(
    testConfig({ LENS_DATABASE_URL: databaseUrl(), LENS_TOPICS: `^${prefix}`, LENS_GROUP_ID: `${prefix}lens`, LENS_TOPIC_REFRESH_MS: '2000', ...overrides }),
  );
  runtimes.push(runtime);
  return runtime;
}

beforeAll(async () => {
  await admin(`CREATE DATABASE ${database}`);
  await createTopics(testKafka(), [topic], 2);
}, 60_000);

afterAll(async () => {
  for (const runtime of runtimes.splice(0)) await closeLensRuntime(runtime);
  await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  const kafkaAdmin = await testKafka().connectAdmin();
  await kafkaAdmin.deleteTopics([topic]).catch(() => undefined);
  await kafkaAdmin.close();
}, 60_000);

describe('dashboard instances sharing a PostgreSQL store', () => {
  it('show on one instance what another collected: timeline, live tail, topic counts, audit log', async () => {
    const collecting = instance({});
    const serving = instance({ LENS_COLLECTOR: 'false' });
    expect([collecting.storeEngine, serving.storeEngine]).toEqual(['postgres', 'postgres']);
    const tail: RecordView[] = [];
    serving.recordFeed.onRecords((records) => tail.push(...records.filter((r) => r.topic === topic)));
    collecting.collector.start();
    await waitFor(() => collecting.collector.status().state === 'connected', 'the collector to join its group', 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the feed LISTENs from its first subscriber on

    const events = Array.from({ length: 40 }, (_, i) => testEvent({ data: { order_id: `order-${i}` } }));
    await produce(testKafka(), topic, events.map((event) => encoded(event)));

    await waitFor(() => tail.length >= 40, 'the live tail of the serving instance to get every record', 60_000);
    expect(new Set(tail.map((r) => r.record?.uuid))).toEqual(new Set(events.map((e) => e.uuid)));
    const page = await serving.store.queryRecords({ topic, limit: 100 });
    expect(page.items).toHaveLength(40);
    expect((await serving.store.stats()).topics).toContainEqual({ topic, records: 40, undecodable: 0 });

    await collecting.audit.append({ actor: { name: 'ada', role: 'operator', via: 'session' }, origin: { ip: '10.0.0.1', userAgent: null }, action: 'replay', target: topic, result: 'ok' });
    expect((await serving.audit.list({ limit: 10 })).items.map((e) => [e.actor.name, e.target])).toEqual([['ada', topic]]);
  }, 120_000);
});

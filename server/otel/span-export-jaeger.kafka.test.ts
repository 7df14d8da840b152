import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encoded, testEvent, testRequest, testResponse } from '../../testing/eventy-records';
import { commitOffsetsWithKafkaTool, createTopics, produce, testConfig, testKafka, uniquePrefix, waitFor } from '../../testing/kafka-fixtures';
import { formatEventyDateIso } from '../decode';
import type { EventyRecord } from '../decode/contract';
import { closeSharedAdmin } from '../kafka';
import { spanIdFromRecordUuid, traceIdFromCorrelationId } from '../link';
import { closeLensRuntime, createLensRuntime, type LensRuntime } from '../runtime/create-runtime';

/** Opt-in: LENS_TEST_JAEGER_BIN names a Jaeger all-in-one binary (built from the Go module, see README). */
const jaegerBin = process.env.LENS_TEST_JAEGER_BIN;

const prefix = uniquePrefix('jaeger');
const kafka = testKafka();
const [orders, billing] = [`${prefix}orders`, `${prefix}billing`];
const [requestsTopic, responsesTopic, eventsTopic] = [`${billing}-requests`, `${billing}-responses`, `${billing}-events`];
const correlationId = `${orders}:POST_/api/orders:${randomUUID()}`;
const base = Date.now() - 60_000;
const at = (ms: number) => ({ correlation_id: correlationId, date_timestamp: base + ms, date_iso8601: formatEventyDateIso(base + ms) });
const charge = testRequest({ ...at(0), namespace: `urn:${billing}`, source: `urn:${orders}` });
const charged = testEvent({ ...at(100), namespace: `urn:${billing}`, source: `urn:${billing}`, name: 'CustomerCharged' });
const refusal = testResponse(charge, { ...at(200), ok: false, error_code: 402, error_message: 'card declined' });

interface JaegerSpan {
  spanID: string;
  operationName: string;
  processID: string;
  references: { refType: string; spanID: string }[];
  tags: { key: string; value: unknown }[];
}
interface JaegerTrace {
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let jaeger: ChildProcess | undefined;
let queryUrl = '';
let runtime: LensRuntime | undefined;

async function readJaegerTrace(traceId: string): Promise<JaegerTrace | null> {
  const response = await fetch(`${queryUrl}/api/traces/${traceId}`);
  if (!response.ok) return null;
  const body = (await response.json()) as { data?: JaegerTrace[] };
  return body.data?.[0] ?? null;
}

describe.skipIf(!jaegerBin)('span export into a real Jaeger', () => {
  beforeAll(async () => {
    const [otlpHttp, otlpGrpc, query, queryGrpc, admin, collectorHttp, collectorGrpc] = (await Promise.all(Array.from({ length: 7 }, freePort))) as [number, number, number, number, number, number, number];
    const local = (port: number) => `127.0.0.1:${port}`;
    jaeger = spawn(jaegerBin!, [
      `--collector.otlp.http.host-port=${local(otlpHttp)}`,
      `--collector.otlp.grpc.host-port=${local(otlpGrpc)}`,
      `--query.http-server.host-port=${local(query)}`,
      `--query.grpc-server.host-port=${local(queryGrpc)}`,
      `--admin.http.host-port=${local(admin)}`,
      `--collector.http-server.host-port=${local(collectorHttp)}`,
      `--collector.grpc-server.host-port=${local(collectorGrpc)}`,
    ], { stdio: 'ignore' });
    queryUrl = `http://${local(query)}`;
    await waitFor(async () => (await fetch(`${queryUrl}/api/services`)).ok, 'Jaeger query API', 60_000, 250);

    await createTopics(kafka, [requestsTopic, responsesTopic, eventsTopic], 1);
    const send = (topic: string, record: EventyRecord) => produce(kafka, topic, [{ ...encoded(record), timestamp: record.date_timestamp! }]);
    await send(requestsTopic, charge);
    await send(eventsTopic, charged);
    await send(responsesTopic, refusal);
    await commitOffsetsWithKafkaTool(billing, [{ topic: requestsTopic, partition: 0, offset: 1 }]);
    runtime = createLensRuntime(
      testConfig({ LENS_TOPICS: `^${prefix}`, LENS_GROUP_ID: `${prefix}lens`, LENS_TOPIC_REFRESH_MS: '1000', LENS_OTEL_SETTLE_MS: '1000', OTEL_EXPORTER_OTLP_ENDPOINT: `http://${local(otlpHttp)}` }),
    );
    runtime.collector.start();
  });

  afterAll(async () => {
    if (runtime) await closeLensRuntime(runtime);
    await closeSharedAdmin();
    if (jaeger && jaeger.exitCode === null) {
      const exited = new Promise((resolve) => jaeger!.once('exit', resolve));
      jaeger.kill();
      await exited;
    }
    const admin = await kafka.connectAdmin();
    await admin.deleteGroups([billing, `${prefix}lens`]).catch(() => undefined);
    await admin.deleteTopics([requestsTopic, responsesTopic, eventsTopic]).catch(() => undefined);
    await admin.close();
  });

  it('shows the flow as one trace with its causal parents, services and the error', async () => {
    const trace = await waitFor(async () => {
      const found = await readJaegerTrace(traceIdFromCorrelationId(correlationId));
      return found && found.spans.length === 3 ? found : null;
    }, 'the trace in Jaeger', 60_000, 500);
    const span = (record: EventyRecord) => trace.spans.find((s) => s.spanID === spanIdFromRecordUuid(record.uuid))!;
    const parentOf = (record: EventyRecord) => span(record).references.find((ref) => ref.refType === 'CHILD_OF')?.spanID;
    expect(parentOf(charge)).toBeUndefined();
    expect(parentOf(charged)).toBe(spanIdFromRecordUuid(charge.uuid));
    expect(parentOf(refusal)).toBe(spanIdFromRecordUuid(charge.uuid));
    expect(trace.processes[span(charge).processID]?.serviceName).toBe(orders);
    expect(trace.processes[span(refusal).processID]?.serviceName).toBe(billing);
    expect(span(refusal).tags).toEqual(expect.arrayContaining([{ key: 'error', type: 'bool', value: true }, expect.objectContaining({ key: 'eventy.edge', value: 'exact' })]));
  });
});

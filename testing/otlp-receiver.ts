/** A real OTLP/HTTP traces receiver for tests: decodes what exporters send with the official .proto definitions. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import protobuf from 'protobufjs';

export type ReceivedAttributes = Record<string, string | number | boolean | unknown[]>;

export interface ReceivedSpan {
  serviceName: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: string;
  startMs: number;
  endMs: number;
  attributes: ReceivedAttributes;
  status: { code: string; message: string };
  links: { traceId: string; spanId: string; attributes: ReceivedAttributes }[];
}

export interface OtlpReceiver {
  /** base URL, to use as OTEL_EXPORTER_OTLP_ENDPOINT */
  url: string;
  /** spans of accepted requests, in arrival order */
  spans: ReceivedSpan[];
  /** status and headers of every request */
  requests: { status: number; headers: http.IncomingHttpHeaders }[];
  /** answers the next `count` export requests with `status` (and keeps nothing of them) */
  refuseNext(count: number, status: number): void;
  close(): Promise<void>;
}

const protoDir = path.join(import.meta.dirname, 'otlp-proto');

function loadRequestType(): protobuf.Type {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => path.join(protoDir, target);
  root.loadSync('opentelemetry/proto/collector/trace/v1/trace_service.proto');
  return root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
}

interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
}
type KeyValues = { key: string; value?: AnyValue }[] | undefined;

function valueOf(value: AnyValue | undefined): string | number | boolean | unknown[] {
  if (!value) return '';
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(valueOf);
  return value.stringValue ?? value.boolValue ?? value.doubleValue ?? '';
}

function attributesOf(list: KeyValues): ReceivedAttributes {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, valueOf(value)]));
}

const hex = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString('hex');
const nanosToMs = (nanos: string): number => Number(BigInt(nanos) / 1_000_000n);

interface DecodedSpan {
  traceId: Uint8Array;
  spanId: Uint8Array;
  parentSpanId?: Uint8Array;
  name: string;
  kind: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: KeyValues;
  status?: { code?: string; message?: string };
  links?: { traceId: Uint8Array; spanId: Uint8Array; attributes?: KeyValues }[];
}
interface DecodedRequest {
  resourceSpans?: { resource?: { attributes?: KeyValues }; scopeSpans?: { spans?: DecodedSpan[] }[] }[];
}

function spansOf(requestType: protobuf.Type, body: Buffer): ReceivedSpan[] {
  const decoded = requestType.toObject(requestType.decode(body), { longs: String, enums: String }) as DecodedRequest;
  return (decoded.resourceSpans ?? []).flatMap((resourceSpans) => {
    const serviceName = String(attributesOf(resourceSpans.resource?.attributes)['service.name'] ?? '');
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({
        serviceName,
        traceId: hex(span.traceId),
        spanId: hex(span.spanId),
        parentSpanId: span.parentSpanId && span.parentSpanId.length > 0 ? hex(span.parentSpanId) : null,
        name: span.name,
        kind: span.kind,
        startMs: nanosToMs(span.startTimeUnixNano),
        endMs: nanosToMs(span.endTimeUnixNano),
        attributes: attributesOf(span.attributes),
        status: { code: span.status?.code ?? 'STATUS_CODE_UNSET', message: span.status?.message ?? '' },
        links: (span.links ?? []).map((link) => ({ traceId: hex(link.traceId), spanId: hex(link.spanId), attributes: attributesOf(link.attributes) })),
      })),
    );
  });
}

/** Listens on a free loopback port for POST /v1/traces in OTLP protobuf. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requestType = loadRequestType();
  const spans: ReceivedSpan[] = [];
  const requests: OtlpReceiver['requests'] = [];
  let refusals: { count: number; status: number } = { count: 0, status: 500 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let status = 200;
      if (req.method !== 'POST' || req.url !== '/v1/traces') status = 404;
      else if (req.headers['content-type'] !== 'application/x-protobuf') status = 415;
      else if (refusals.count > 0) {
        refusals = { ...refusals, count: refusals.count - 1 };
        status = refusals.status;
      } else {
        const raw = Buffer.concat(chunks);
        try {
          spans.push(...spansOf(requestType, req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw));
        } catch {
          status = 400;
        }
      }
      requests.push({ status, headers: req.headers });
      // an empty ExportTraceServiceResponse: everything accepted
      res.writeHead(status, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    requests,
    refuseNext: (count, status) => (refusals = { count, status }),
    close: () => {
      // the exporter keeps its connection alive
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

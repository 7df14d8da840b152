/** Builds Eventy records the way eventy 3.x handlers do (doc §1, §4.2), from an explicit clock and random source. */
import { formatEventyDateIso } from '../../server/decode';
import type { EventyRecord } from '../../server/decode/contract';
import { urlSafeToken, uuidFrom, type Rng } from './random-source';

export const PROTOCOL_VERSION = '3.0.0';

/** When a record is built and where its uuid comes from. */
export interface Stamp {
  rng: Rng;
  now: number;
}

export interface RecordFields {
  namespace: string;
  name: string;
  version: string;
  /** defaults to the namespace: a service emits under its own URN */
  source?: string;
  correlation_id: string;
  partition_key: string | null;
  context?: Record<string, unknown>;
  data: Record<string, unknown>;
}

export interface ResponseFields {
  name: string;
  version: string;
  partition_key: string | null;
  context?: Record<string, unknown>;
  data: Record<string, unknown>;
  ok?: boolean;
  error_code?: number | null;
  error_message?: string | null;
}

/** `<service>:<label>:<11 url-safe base64 chars>`, e.g. `orders:POST_/api/orders:q8Zr1YwK3bE`. */
export function newCorrelationId(service: string, label: string, rng: Rng): string {
  return `${service}:${label}:${urlSafeToken(rng)}`;
}

function commonFields(f: RecordFields, s: Stamp): Omit<EventyRecord, 'type'> {
  return {
    namespace: f.namespace,
    name: f.name,
    protocol_version: PROTOCOL_VERSION,
    version: f.version,
    source: f.source ?? f.namespace,
    uuid: uuidFrom(s.rng),
    correlation_id: f.correlation_id,
    partition_key: f.partition_key,
    date_timestamp: s.now,
    date_iso8601: formatEventyDateIso(s.now),
    context: f.context ?? {},
    data: f.data,
  };
}

export function eventyEvent(f: RecordFields, s: Stamp): EventyRecord {
  return { type: 'EVENT', ...commonFields(f, s) };
}

/** A request carries the target's namespace and the requester's URN as source. */
export function eventyRequest(f: RecordFields & { source: string }, s: Stamp): EventyRecord {
  return { type: 'REQUEST', ...commonFields(f, s) };
}

/** A response answers in the request's namespace, addressed to the requester, with the request's correlation id. */
export function eventyResponse(request: EventyRecord, f: ResponseFields, s: Stamp): EventyRecord {
  const { context, data, partition_key } = f;
  const base = commonFields(
    { namespace: request.namespace, name: f.name, version: f.version, correlation_id: request.correlation_id, partition_key, data, ...(context ? { context } : {}) },
    s,
  );
  const { context: ctx, data: payload, ...head } = base;
  return {
    type: 'RESPONSE',
    ...head,
    destination: request.source,
    request_uuid: request.uuid,
    ok: f.ok ?? true,
    error_code: f.error_code ?? null,
    error_message: f.error_message ?? null,
    context: ctx,
    data: payload,
  };
}

import { createHash } from 'node:crypto';
import type { KafkaHeader } from '../kafka/contract';

const uuidPattern = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const traceparentPattern = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const allZero = /^0+$/;

const canonicalUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function uuidHex(value: string): string | null {
  if (canonicalUuid.test(value)) {
    const hex = value.slice(0, 8) + value.slice(9, 13) + value.slice(14, 18) + value.slice(19, 23) + value.slice(24);
    return allZero.test(hex) ? null : hex;
  }
  const trimmed = value.trim();
  if (!uuidPattern.test(trimmed)) return null;
  const hex = trimmed.replaceAll('-', '').toLowerCase();
  return allZero.test(hex) ? null : hex;
}

function hashHex(value: string, digits: number): string {
  return createHash('sha256').update(value, 'utf8').digest('hex').slice(0, digits);
}

/** OpenTelemetry trace id (32 lowercase hex) of a correlation: its own digits when it is a UUID, else a stable hash. */
export function traceIdFromCorrelationId(correlationId: string): string {
  return uuidHex(correlationId) ?? hashHex(correlationId, 32);
}

/** OpenTelemetry span id (16 lowercase hex) of a record: the first 16 digits of its UUID, else a stable hash. */
export function spanIdFromRecordUuid(uuid: string): string {
  const hex = uuidHex(uuid)?.slice(0, 16);
  return hex !== undefined && !allZero.test(hex) ? hex : hashHex(uuid, 16);
}

export interface TraceparentIds {
  traceId: string;
  spanId: string;
}

/** The ids of a valid W3C `traceparent` Kafka header, or null (absent, base64, malformed, all-zero ids). */
export function traceparentOf(headers: readonly KafkaHeader[]): TraceparentIds | null {
  const header = headers.find((h) => h.key.toLowerCase() === 'traceparent' && h.encoding === 'utf8');
  const match = header ? traceparentPattern.exec(header.value.trim().toLowerCase()) : null;
  if (!match || match[1] === 'ff') return null;
  const traceId = match[2]!;
  const spanId = match[3]!;
  if (allZero.test(traceId) || allZero.test(spanId)) return null;
  return { traceId, spanId };
}

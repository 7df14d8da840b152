/** Types of decoded Eventy records; importable from any concept. */

export const recordKinds = ['event', 'request', 'response', 'undecodable'] as const;
export type RecordKind = (typeof recordKinds)[number];

export type EventyType = 'EVENT' | 'REQUEST' | 'RESPONSE';
export type ValueFormat = 'json' | 'avro';

/** An Eventy record with the field names of the protocol (doc §1). */
export interface EventyRecord {
  type: EventyType;
  namespace: string;
  name: string;
  protocol_version: string;
  version: string;
  source: string;
  uuid: string;
  correlation_id: string;
  partition_key: string | null;
  date_timestamp: number | null;
  date_iso8601: string | null;
  destination?: string;
  request_uuid?: string;
  ok?: boolean;
  error_code?: number | null;
  error_message?: string | null;
  context: Record<string, unknown>;
  data: Record<string, unknown>;
}

export interface DecodedRecord {
  kind: Exclude<RecordKind, 'undecodable'>;
  format: ValueFormat;
  /** protocol 1.x/2.x records (eventy ≤ 2.5 Avro, early 3.0 `schema` field) */
  legacy: boolean;
  record: EventyRecord;
  /** the record's date in epoch ms, from date_iso8601 (or date_timestamp as fallback) */
  dateMs: number | null;
  /** things tolerated while decoding, e.g. a bare NaN token */
  warnings: string[];
}

export interface UndecodableValue {
  kind: 'undecodable';
  format: ValueFormat | 'unknown';
  reason: string;
}

export type DecodedValue = DecodedRecord | UndecodableValue;

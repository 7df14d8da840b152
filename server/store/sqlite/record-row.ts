import { isUtf8 } from 'node:buffer';
import type { SQLInputValue, SQLOutputValue } from 'node:sqlite';
import type { EventyRecord, RecordKind, ValueFormat } from '../../decode/contract';
import { kafkaKeyText } from '../../kafka';
import type { KafkaHeader } from '../../kafka/contract';
import type { IngestedRecord, RecordView } from '../contract';
import { lookupTokensOf, storedTimestamp } from './row-keys';

export interface RawLimits {
  maxRawBytes: number;
  previewBytes: number;
}

export const insertColumns = [
  'topic', 'kafka_partition', 'kafka_offset', 'ts', 'key', 'key_base64', 'headers', 'kind', 'format', 'legacy',
  'eventy_type', 'name', 'namespace', 'source', 'destination', 'uuid', 'correlation_id', 'request_uuid', 'ok',
  'date_ms', 'error', 'warnings', 'value_size', 'record', 'raw', 'raw_truncated',
] as const;

/** Columns a RecordView is built from (everything but the raw bytes), and the id as text for cursors. */
export const viewColumns =
  'CAST(records.id AS TEXT) AS row_id, topic, kafka_partition, kafka_offset, ts, key, headers, kind, format, legacy, error, warnings, value_size, record';

export interface RecordRow {
  params: SQLInputValue[];
  /** key as stored: UTF-8 text, or `base64:` + base64 when the bytes are not UTF-8 (as the live view shows it) */
  keyText: string | null;
  keyIsText: boolean;
  rawStored: Buffer | null;
  /** the `ids` text of the FTS row (lookupTokensOf) */
  lookupTokens: string;
}

/** One IngestedRecord as the positional parameters of the insert, in `insertColumns` order. */
export function toRecordRow({ message, decoded }: IngestedRecord, limits: RawLimits): RecordRow {
  const keyIsText = message.key === null || isUtf8(message.key);
  const keyText = kafkaKeyText(message.key);
  const size = message.value?.length ?? 0;
  const truncated = message.value !== null && size > limits.maxRawBytes;
  const rawStored = truncated ? message.value!.subarray(0, limits.previewBytes) : message.value;
  const record = decoded.kind === 'undecodable' ? null : decoded.record;
  const params: SQLInputValue[] = [
    message.topic,
    message.partition,
    message.offset,
    storedTimestamp(message.timestamp),
    keyText,
    keyIsText ? 0 : 1,
    JSON.stringify(message.headers),
    decoded.kind,
    decoded.format,
    decoded.kind !== 'undecodable' && decoded.legacy ? 1 : 0,
    record?.type ?? null,
    record?.name ?? null,
    record?.namespace ?? null,
    record?.source ?? null,
    record?.destination ?? null,
    record?.uuid ?? null,
    record?.correlation_id ?? null,
    record?.request_uuid ?? null,
    typeof record?.ok === 'boolean' ? Number(record.ok) : null,
    decoded.kind === 'undecodable' ? null : decoded.dateMs,
    decoded.kind === 'undecodable' ? decoded.reason : null,
    decoded.kind === 'undecodable' ? null : JSON.stringify(decoded.warnings),
    size,
    record === null ? null : recordJson(record),
    rawStored,
    truncated ? 1 : 0,
  ];
  const lookupTokens = lookupTokensOf({
    uuid: record?.uuid ?? null,
    correlationId: record?.correlation_id ?? null,
    requestUuid: record?.request_uuid ?? null,
    key: keyText,
    source: record?.source ?? null,
    destination: record?.destination ?? null,
    headers: message.headers,
  });
  return { params, keyText, keyIsText, rawStored, lookupTokens };
}

function recordJson(record: EventyRecord): string {
  try {
    return JSON.stringify(record);
  } catch {
    // a tolerant decoder may hand over bigints, which JSON.stringify refuses
    return JSON.stringify(record, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  }
}

type Row = Record<string, SQLOutputValue>;

/** The row id as a decimal string, the position a cursor points at. */
export function rowIdOf(row: Row): string {
  return row['row_id'] as string;
}

export function toRecordView(row: Row): RecordView {
  const topic = row['topic'] as string;
  const partition = row['kafka_partition'] as number;
  const offset = row['kafka_offset'] as number;
  const kind = row['kind'] as RecordKind;
  const view: RecordView = {
    id: `${topic}:${partition}:${offset}`,
    topic,
    partition,
    offset,
    timestamp: isoTimestamp(row['ts'] as number),
    key: row['key'] as string | null,
    headers: JSON.parse(row['headers'] as string) as KafkaHeader[],
    kind,
    format: row['format'] as ValueFormat | 'unknown',
    legacy: row['legacy'] === 1,
    size: row['value_size'] as number,
  };
  if (kind === 'undecodable') {
    view.error = row['error'] as string;
  } else {
    view.record = JSON.parse(row['record'] as string) as EventyRecord;
    view.warnings = JSON.parse(row['warnings'] as string) as string[];
  }
  return view;
}

const maxDateMs = 8.64e15;

/** A producer can set any timestamp; beyond what Date can show, show the nearest it can. */
function isoTimestamp(ms: number): string {
  return new Date(Math.min(Math.max(ms, -maxDateMs), maxDateMs)).toISOString();
}

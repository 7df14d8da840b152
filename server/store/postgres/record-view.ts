import type { EventyRecord, RecordKind, ValueFormat } from '../../decode/contract';
import type { KafkaHeader } from '../../kafka/contract';
import type { RecordView } from '../contract';

/** A record row as pgViewColumns selects it (bigints arrive as text). */
export interface PgRow {
  ts: string;
  seq: string;
  topic: string;
  kafka_partition: number;
  kafka_offset: string;
  key: string | null;
  headers: string;
  kind: RecordKind;
  format: ValueFormat | 'unknown';
  legacy: boolean;
  error: string | null;
  warnings: string | null;
  value_size: number;
  record: string | null;
}

export function toRecordView(row: PgRow): RecordView {
  const view: RecordView = {
    id: `${row.topic}:${row.kafka_partition}:${row.kafka_offset}`,
    topic: row.topic,
    partition: row.kafka_partition,
    offset: Number(row.kafka_offset),
    timestamp: isoOf(Number(row.ts)),
    key: row.key,
    headers: JSON.parse(row.headers) as KafkaHeader[],
    kind: row.kind,
    format: row.format,
    legacy: row.legacy,
    size: row.value_size,
  };
  if (row.kind === 'undecodable') {
    view.error = row.error ?? '';
  } else {
    view.record = JSON.parse(row.record ?? 'null') as EventyRecord;
    view.warnings = JSON.parse(row.warnings ?? '[]') as string[];
  }
  return view;
}

const maxDateMs = 8.64e15;

export function isoOf(ms: number): string {
  return new Date(Math.min(Math.max(ms, -maxDateMs), maxDateMs)).toISOString();
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DecodedRecord, EventyRecord } from '../../decode/contract';
import type { KafkaHeader } from '../../kafka/contract';
import type { IngestedRecord } from '../contract';

/** Test data: hand-built IngestedRecords shaped as the collector hands them over. */

const tempDirs: string[] = [];

export function makeTempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lens-store-'));
  tempDirs.push(dir);
  return dir;
}

/** Removes every directory made by makeTempDir in this process (stores in them must be closed). */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export interface MessageFields {
  topic?: string;
  partition?: number;
  offset: number;
  timestamp?: number;
  key?: Buffer | string | null;
  headers?: KafkaHeader[];
}

export const baseTime = Date.parse('2024-01-15T10:30:00.000Z');

export function eventyRecord(fields: Partial<EventyRecord> = {}): EventyRecord {
  return {
    type: 'EVENT',
    namespace: 'urn:orders',
    name: 'OrderPlaced',
    protocol_version: '3.0.0',
    version: '1.0.0',
    source: 'urn:orders',
    uuid: '7f0c2a52-3d6e-4b8a-9c1e-5a4f2b9d8e61',
    correlation_id: 'orders:POST_/api/orders:q8Zr1YwK3bE',
    partition_key: 'order-1042',
    date_timestamp: baseTime + 123,
    date_iso8601: '2024-01-15T10:30:00.123000+00:00',
    context: {},
    data: { order_id: 'order-1042', customer_id: 'cus-77', total_cents: 4599, currency: 'EUR' },
    ...fields,
  };
}

const kindOf = { EVENT: 'event', REQUEST: 'request', RESPONSE: 'response' } as const;

export function decodedMessage(
  fields: MessageFields,
  record: EventyRecord = eventyRecord(),
  extra: Partial<Pick<DecodedRecord, 'legacy' | 'warnings' | 'dateMs'>> = {},
): IngestedRecord {
  const value = Buffer.from(JSON.stringify(record));
  return {
    message: messageOf(fields, value),
    decoded: {
      kind: kindOf[record.type],
      format: 'json',
      legacy: extra.legacy ?? false,
      record,
      dateMs: extra.dateMs ?? record.date_timestamp,
      warnings: extra.warnings ?? [],
    },
  };
}

export function undecodableMessage(fields: MessageFields, value: Buffer | null, reason = 'not JSON: unexpected token'): IngestedRecord {
  return { message: messageOf(fields, value), decoded: { kind: 'undecodable', format: 'unknown', reason } };
}

function messageOf(fields: MessageFields, value: Buffer | null): IngestedRecord['message'] {
  const key = fields.key === undefined ? 'order-1042' : fields.key;
  return {
    topic: fields.topic ?? 'orders-events',
    partition: fields.partition ?? 0,
    offset: fields.offset,
    timestamp: fields.timestamp ?? baseTime + fields.offset,
    key: typeof key === 'string' ? Buffer.from(key) : key,
    value,
    headers: fields.headers ?? [],
  };
}

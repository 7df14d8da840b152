import type { EventyRecord } from './contract';
import { formatEventyDateIso, parseEventyDateIso } from './eventy-date';
import { dumpsPythonJson, quotePythonString } from './python-json';

/**
 * Encodes a record byte for byte as eventy's JsonSerializer (Python json.dumps) writes it,
 * keys in the order of protocol §2.1. Number limitations: see python-json.ts.
 * Throws (it is for writers, not the collector) when the record cannot be written validly.
 */
export function encodeEventyJson(record: EventyRecord): Buffer {
  const fields: [string, unknown][] = [
    ['type', record.type],
    ['namespace', record.namespace],
    ['name', record.name],
    ['protocol_version', record.protocol_version],
    ['version', record.version],
    ['source', record.source],
    ['uuid', record.uuid],
    ['correlation_id', record.correlation_id],
    ['partition_key', record.partition_key],
    ...dateFields(record),
  ];
  if (record.type === 'RESPONSE') {
    fields.push(
      ['destination', required(record.destination, 'destination')],
      ['request_uuid', required(record.request_uuid, 'request_uuid')],
      // Python Response defaults, so a partly filled record still encodes as eventy would.
      ['ok', record.ok ?? true],
      ['error_code', record.error_code ?? null],
      ['error_message', record.error_message ?? null],
    );
  }
  fields.push(['context', record.context], ['data', record.data]);
  const body = fields.map(([key, value]) => `${quotePythonString(key)}: ${dumpsPythonJson(value)}`).join(', ');
  return Buffer.from(`{${body}}`, 'utf8');
}

/** Both date keys are required on the wire; a record that has only one (legacy Avro) gets the other derived. */
function dateFields(record: EventyRecord): [string, unknown][] {
  const { date_timestamp: timestamp, date_iso8601: iso } = record;
  if (timestamp !== null && iso !== null) return [['date_timestamp', timestamp], ['date_iso8601', iso]];
  if (timestamp !== null) return [['date_timestamp', timestamp], ['date_iso8601', formatEventyDateIso(timestamp)]];
  const parsed = iso === null ? null : parseEventyDateIso(iso);
  if (!parsed) throw new Error(`record ${record.uuid} has no readable date to encode`);
  return [['date_timestamp', parsed.ms], ['date_iso8601', iso]];
}

function required<T>(value: T | undefined, key: string): T {
  if (value === undefined) throw new Error(`a RESPONSE record needs "${key}"`);
  return value;
}

import { createHash } from 'node:crypto';
import { formatEventyDateIso, parseEventyDateIso } from './eventy-date';
import { isPlainObject } from './own-property';
import type { WarningList } from './warning-list';

const TIMESTAMP_KEYS = ['timestamp', 'timestamp_ms', 'date_timestamp', 'date_timestamp_ms', 'event_timestamp', 'event_timestamp_ms'];
const ISO_DATE_KEYS = ['date_iso', 'date_iso8601'];

/**
 * Maps a flat eventy ≤ 2.5 datum (protocol 1.x/2.x) to record fields the way eventy 3.x's
 * `_decode_avro_record_legacy` does: name from the Avro schema, defaults for what is missing,
 * every leftover field merged into `data`.
 */
export function legacyAvroCandidate(
  datum: Record<string, unknown>,
  avroName: { namespace: string | null; name: string | null },
  value: Buffer,
  warnings: WarningList,
): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...datum };
  const take = (key: string): unknown => {
    const found = rest[key];
    delete rest[key];
    return found;
  };
  const has = (key: string) => Object.hasOwn(rest, key);
  const candidate: Record<string, unknown> = {
    type: has('type') ? take('type') : 'EVENT',
    namespace: toUrn(avroName.namespace || 'urn:unspecified'),
    name: avroName.name || 'Unspecified',
    protocol_version: has('protocol_version') ? take('protocol_version') : '1.0.0',
    version: has('version') ? take('version') : '1.0.0',
    source: has('source') ? toUrn(take('source')) : 'urn:unspecified',
  };
  for (const key of ['uuid', 'correlation_id', 'partition_key', 'context']) {
    if (has(key)) candidate[key] = take(key);
  }
  Object.assign(candidate, legacyDate(TIMESTAMP_KEYS.filter(has).map(take), ISO_DATE_KEYS.filter(has).map(take), warnings));
  const data = has('data') ? take('data') : {};
  candidate.data = isPlainObject(data) ? { ...data, ...rest } : data;
  candidate.partition_key ??= null;
  candidate.context ??= {};
  if (candidate.uuid === undefined) {
    candidate.uuid = uuidFromBytes(value);
    warnings.add('legacy record without uuid: eventy would generate a random one; a uuid derived from the value bytes is shown');
  }
  if (candidate.correlation_id === undefined) {
    candidate.correlation_id = candidate.uuid;
    warnings.add('legacy record without correlation_id: eventy would generate one; the record uuid is shown');
  }
  return candidate;
}

function toUrn(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const colons = value.replaceAll('.', ':');
  return colons.startsWith('urn:') ? colons : `urn:${colons}`;
}

/** The first timestamp (ms) wins, then the first ISO string, as in eventy. */
function legacyDate(timestamps: unknown[], isoDates: unknown[], warnings: WarningList) {
  const timestamp = timestamps[0];
  if (typeof timestamp === 'number' && Number.isFinite(timestamp)) {
    const ms = Math.floor(timestamp);
    return { date_timestamp: ms, date_iso8601: formatEventyDateIso(ms) };
  }
  const iso = timestamp === undefined ? isoDates[0] : undefined;
  const parsed = typeof iso === 'string' ? parseEventyDateIso(iso) : null;
  if (parsed) return { date_timestamp: parsed.ms, date_iso8601: iso };
  warnings.add('legacy record without a readable date: eventy would use the time of decoding');
  return { date_timestamp: null, date_iso8601: null };
}

/** A stable UUID-shaped id (SHA-1 of the value, version-5 layout), so the same bytes always get the same id. */
function uuidFromBytes(value: Buffer): string {
  const hash = createHash('sha1').update(value).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

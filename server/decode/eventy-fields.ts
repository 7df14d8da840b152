import { z } from 'zod';
import type { EventyRecord, RecordKind } from './contract';
import { isPlainObject } from './own-property';
import { parseEventyDateIso } from './eventy-date';
import { parseSemVer } from './semver';
import type { WarningList } from './warning-list';

export type FieldCheck =
  | { ok: true; kind: Exclude<RecordKind, 'undecodable'>; record: EventyRecord; dateMs: number | null }
  | { ok: false; reason: string };

const text = z.string({ error: 'expected a string' });
const urn = text.startsWith('urn:', { error: 'expected a string starting with "urn:"' });
const nullableText = z.union([z.string(), z.null()], { error: 'expected a string or null' });
const plainObject = z.custom<Record<string, unknown>>(isPlainObject, { error: 'expected an object' });
const recordType = z.enum(['EVENT', 'REQUEST', 'RESPONSE'], { error: 'expected "EVENT", "REQUEST" or "RESPONSE"' });

const commonShape = {
  namespace: urn,
  name: text,
  protocol_version: text,
  version: text,
  source: urn,
  uuid: text,
  correlation_id: text,
  partition_key: nullableText,
  date_timestamp: z.int({ error: 'expected an integer' }),
  date_iso8601: text,
  context: plainObject,
  data: plainObject,
};
const responseShape = {
  destination: text,
  request_uuid: text,
  ok: z.boolean({ error: 'expected true or false' }),
  error_code: z.union([z.int(), z.null()], { error: 'expected an integer or null' }),
  error_message: nullableText,
};
// Legacy Avro records may carry no date at all; eventy would then use the time of decoding.
const undatedShape = {
  date_timestamp: z.union([z.int(), z.null()], { error: 'expected an integer or null' }),
  date_iso8601: nullableText,
};
const schemas = {
  dated: { event: z.object(commonShape), response: z.object({ ...commonShape, ...responseShape }) },
  undated: { event: z.object({ ...commonShape, ...undatedShape }), response: z.object({ ...commonShape, ...responseShape, ...undatedShape }) },
};
const kindOfType = { EVENT: 'event', REQUEST: 'request', RESPONSE: 'response' } as const;
const knownKeys = new Set(['type', ...Object.keys(commonShape)]);
const knownResponseKeys = new Set([...knownKeys, ...Object.keys(responseShape)]);

/** Checks the fields of §1 on a decoded JSON object or Avro datum; problems eventy would reject become warnings. */
export function checkEventyFields(
  candidate: Record<string, unknown>,
  warnings: WarningList,
  options: { undated?: boolean } = {},
): FieldCheck {
  const type = recordType.safeParse(candidate.type);
  if (!type.success) return { ok: false, reason: `not an Eventy record: ${describeIssue(candidate, 'type', type.error.issues[0]?.message)}` };
  const isResponse = type.data === 'RESPONSE';
  const parsed = schemas[options.undated ? 'undated' : 'dated'][isResponse ? 'response' : 'event'].safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => describeIssue(candidate, String(issue.path[0]), issue.message));
    return { ok: false, reason: `not an Eventy record: ${problems.join('; ')}` };
  }
  const fields = parsed.data as z.infer<typeof schemas.undated.response>;
  const record: EventyRecord = {
    type: type.data,
    namespace: fields.namespace,
    name: fields.name,
    protocol_version: fields.protocol_version,
    version: fields.version,
    source: fields.source,
    uuid: fields.uuid,
    correlation_id: fields.correlation_id,
    partition_key: fields.partition_key,
    date_timestamp: fields.date_timestamp,
    date_iso8601: fields.date_iso8601,
    ...(isResponse && {
      destination: fields.destination,
      request_uuid: fields.request_uuid,
      ok: fields.ok,
      error_code: fields.error_code,
      error_message: fields.error_message,
    }),
    context: fields.context,
    data: fields.data,
  };
  warnAboutUnknownKeys(candidate, isResponse ? knownResponseKeys : knownKeys, warnings);
  warnAboutRejectedValues(record, warnings);
  return { ok: true, kind: kindOfType[type.data], record, dateMs: readRecordDate(record, warnings) };
}

function describeIssue(candidate: Record<string, unknown>, key: string, message = 'invalid'): string {
  if (!Object.hasOwn(candidate, key)) return `missing field "${key}"`;
  return `field "${key}": ${message}, got ${describeValue(candidate[key])}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value;
}

function warnAboutUnknownKeys(candidate: Record<string, unknown>, known: Set<string>, warnings: WarningList): void {
  const unknown = Object.keys(candidate).filter((key) => !known.has(key));
  if (unknown.length === 0) return;
  const names = unknown.map((key) => `"${key}"`).join(', ');
  warnings.add(`unknown field${unknown.length > 1 ? 's' : ''} ${names} ignored; eventy would reject this record`);
}

const UUID_HEX = /^[0-9a-f]{32}$/i;

function warnAboutRejectedValues(record: EventyRecord, warnings: WarningList): void {
  for (const key of ['protocol_version', 'version'] as const) {
    if (!parseSemVer(record[key])) warnings.add(`${key} "${record[key]}" is not SemVer; eventy would reject this record`);
  }
  for (const key of ['uuid', 'request_uuid'] as const) {
    const value = record[key];
    if (value !== undefined && !isPythonUuid(value)) warnings.add(`${key} "${value}" is not a UUID; eventy would reject this record`);
  }
  const { destination } = record;
  if (destination !== undefined && (!destination.startsWith('urn:') || destination.includes('.'))) {
    warnings.add(`destination "${destination}" is not a URN without "."; eventy would reject this record`);
  }
  for (const [key, value] of Object.entries(record.context)) {
    if (!isPlainObject(value)) warnings.add(`context["${key}"] is not an object; eventy would reject this record`);
  }
}

// Python's UUID() drops "urn:", "uuid:", surrounding braces and hyphens, then wants 32 hex digits.
function isPythonUuid(value: string): boolean {
  const hex = value.replaceAll('urn:', '').replaceAll('uuid:', '').replace(/^[{}]+|[{}]+$/g, '').replaceAll('-', '');
  return UUID_HEX.test(hex);
}

function readRecordDate(record: EventyRecord, warnings: WarningList): number | null {
  const { date_iso8601: iso, date_timestamp: timestamp } = record;
  if (iso === null) return timestamp;
  const parsed = parseEventyDateIso(iso);
  if (!parsed) {
    warnings.add(`date_iso8601 "${iso}" is not an ISO date; date_timestamp used instead (eventy would reject this record)`);
    return timestamp;
  }
  parsed.notes.forEach((note) => warnings.add(note));
  // eventy writes date_timestamp as int(timestamp() * 1000), which float rounding can leave 1 ms short.
  if (timestamp !== null && Math.abs(timestamp - parsed.ms) > 1) {
    warnings.add(`date_timestamp ${timestamp} differs from date_iso8601 by ${timestamp - parsed.ms} ms; date_iso8601 is used, as eventy does`);
  }
  return parsed.ms;
}

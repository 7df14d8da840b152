import type { DecodedValue, UndecodableValue } from './contract';
import { checkEventyFields } from './eventy-fields';
import { isPlainObject } from './own-property';
import { parseTolerantJson } from './tolerant-json';
import { createWarningList, type WarningList } from './warning-list';

// ignoreBOM keeps a leading U+FEFF in the text, so it can be reported rather than silently dropped.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const undecodable = (reason: string): UndecodableValue => ({ kind: 'undecodable', format: 'json', reason });

/** Decodes a value written by eventy's JsonSerializer (Python json.dumps of the record fields). */
export function decodeJsonValue(value: Buffer): DecodedValue {
  const warnings = createWarningList();
  let text: string;
  try {
    text = utf8.decode(value);
  } catch {
    return undecodable('value is not valid UTF-8');
  }
  if (text.startsWith('\uFEFF')) {
    warnings.add('UTF-8 byte order mark skipped');
    text = text.slice(1);
  }
  const parsed = parseTolerantJson(text, warnings);
  if (!parsed.ok) return undecodable(`invalid JSON: ${parsed.error}`);
  const object = parsed.value;
  if (!isPlainObject(object)) {
    return undecodable(`JSON value is ${Array.isArray(object) ? 'an array' : object === null ? 'null' : typeof object}, not an object`);
  }
  const legacy = isLegacySchemaRecord(object);
  const split = legacy ? splitLegacySchema(object, warnings) : { ok: true as const, candidate: object };
  if (!split.ok) return undecodable(split.reason);
  const checked = checkEventyFields(split.candidate, warnings);
  if (!checked.ok) return undecodable(checked.reason);
  return { kind: checked.kind, format: 'json', legacy, record: checked.record, dateMs: checked.dateMs, warnings: warnings.list() };
}

function isLegacySchemaRecord(object: Record<string, unknown>): boolean {
  return Object.hasOwn(object, 'schema') && !Object.hasOwn(object, 'namespace') && !Object.hasOwn(object, 'name');
}

/** Protocol 2.x: `schema: "urn:<ns…>:<name>"` stands in for namespace + name. */
function splitLegacySchema(
  object: Record<string, unknown>,
  warnings: WarningList,
): { ok: true; candidate: Record<string, unknown> } | { ok: false; reason: string } {
  const { schema, ...rest } = object;
  const cut = typeof schema === 'string' ? schema.lastIndexOf(':') : -1;
  if (typeof schema !== 'string' || !schema.startsWith('urn:') || cut <= 'urn:'.length - 1) {
    const got = typeof schema === 'string' ? JSON.stringify(schema.slice(0, 80)) : schema === null ? 'null' : typeof schema;
    return { ok: false, reason: `not an Eventy record: field "schema" is not "urn:<namespace>:<name>", got ${got}` };
  }
  warnings.add('protocol 2.x record: namespace and name split from "schema"; eventy 3.x would reject this record');
  return { ok: true, candidate: { ...rest, namespace: schema.slice(0, cut), name: schema.slice(cut + 1) } };
}

import type { DecodedValue, UndecodableValue } from './contract';
import { AvroFormatError, type ByteCursor } from './avro-bytes';
import { readAvroContainer } from './avro-container';
import { readAvroDatum } from './avro-datum';
import { legacyAvroCandidate } from './avro-legacy';
import { parseWriterSchema, splitAvroFullName } from './avro-schema';
import { checkEventyFields } from './eventy-fields';
import { isPlainObject } from './own-property';
import { isBeforeMajor, parseSemVer } from './semver';
import { createWarningList, type WarningList } from './warning-list';

const undecodable = (reason: string): UndecodableValue => ({ kind: 'undecodable', format: 'avro', reason });

/** Decodes a value written by eventy's AvroSerializer (an Avro Object Container File per value). */
export function decodeAvroValue(value: Buffer): DecodedValue {
  const warnings = createWarningList();
  let datum: unknown;
  let avroName: ReturnType<typeof splitAvroFullName>;
  try {
    const container = readAvroContainer(value, warnings);
    const type = parseWriterSchema(container.schemaText);
    const cursor: ByteCursor = { buf: container.block, pos: 0, part: 'datum' };
    datum = readAvroDatum(type, cursor, warnings);
    if (container.objectCount === 1 && cursor.pos < container.block.length) {
      warnings.add(`${container.block.length - cursor.pos} bytes after the Avro datum ignored`);
    }
    avroName = splitAvroFullName(type);
  } catch (error) {
    if (error instanceof AvroFormatError) return undecodable(error.message);
    throw error;
  }
  if (!isPlainObject(datum)) return undecodable('Avro datum is not a record');
  return decodeAvroRecord(datum, avroName, value, warnings);
}

/** Branches on protocol_version as eventy's Avro decoder does: <3 legacy, 3.x current, >=4 refused. */
function decodeAvroRecord(
  datum: Record<string, unknown>,
  avroName: { namespace: string | null; name: string | null },
  value: Buffer,
  warnings: WarningList,
): DecodedValue {
  const version = parseSemVer(datum.protocol_version);
  if (version && !isBeforeMajor(version, 4)) {
    return undecodable(`protocol_version ${String(datum.protocol_version)} is not supported (eventy 3.x refuses >= 4.0.0)`);
  }
  const legacy = !version || isBeforeMajor(version, 3);
  if (!version && datum.protocol_version !== undefined) {
    warnings.add(`protocol_version ${JSON.stringify(datum.protocol_version)} is not SemVer; read as legacy 1.0.0, as eventy does`);
  }
  const candidate = legacy ? legacyAvroCandidate(datum, avroName, value, warnings) : currentAvroCandidate(datum, avroName);
  const checked = checkEventyFields(candidate, warnings, { undated: legacy });
  if (!checked.ok) return undecodable(checked.reason);
  return { kind: checked.kind, format: 'avro', legacy, record: checked.record, dateMs: checked.dateMs, warnings: warnings.list() };
}

/** Protocol 3.x: the datum has the record fields, with record_namespace/record_name in place of namespace/name. */
function currentAvroCandidate(
  datum: Record<string, unknown>,
  avroName: { namespace: string | null; name: string | null },
): Record<string, unknown> {
  const { record_namespace: namespace, record_name: name, ...fields } = datum;
  return {
    ...fields,
    namespace: namespace ?? `urn:${(avroName.namespace ?? 'unspecified').replaceAll('.', ':')}`,
    name: name ?? avroName.name,
  };
}

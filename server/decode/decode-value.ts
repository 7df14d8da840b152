import type { DecodedValue, UndecodableValue, ValueFormat } from './contract';
import { decodeAvroValue } from './avro';
import { AVRO_MAGIC } from './avro-container';
import { decodeJsonValue } from './json';

type SniffedFormat = ValueFormat | 'unknown';

/**
 * Decodes one Kafka message value of an Eventy topic. Never throws: anything that cannot be
 * read comes back as `undecodable` with a human reason.
 */
export function decodeEventyValue(value: Buffer | Uint8Array | null): DecodedValue {
  let format: SniffedFormat = 'unknown';
  try {
    if (value === null || value === undefined) return undecodable('unknown', 'tombstone (null value)');
    const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    if (bytes.length === 0) return undecodable('unknown', 'empty value');
    format = sniffValueFormat(bytes);
    if (format === 'json') return decodeJsonValue(bytes);
    if (format === 'avro') return decodeAvroValue(bytes);
    return undecodable('unknown', describeUnknownValue(bytes));
  } catch (error) {
    return undecodable(format, `internal decoder error: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function undecodable(format: SniffedFormat, reason: string): UndecodableValue {
  return { kind: 'undecodable', format, reason };
}

/** Nothing on the wire names the serializer: JSON starts with `{`, Avro with the container magic. */
export function sniffValueFormat(bytes: Buffer): SniffedFormat {
  if (bytes.subarray(0, AVRO_MAGIC.length).equals(AVRO_MAGIC)) return 'avro';
  const first = bytes[firstSignificantByte(bytes)];
  return first === 0x7b || first === 0x5b ? 'json' : 'unknown';
}

function firstSignificantByte(bytes: Buffer): number {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09) i += 1;
  return i;
}

function describeUnknownValue(bytes: Buffer): string {
  if (firstSignificantByte(bytes) === bytes.length) return 'value is only whitespace';
  if (bytes[0] === 0 && bytes.length >= 5) {
    return `looks like Confluent Schema Registry framing (magic byte 0, schema id ${bytes.readUInt32BE(1)}), which eventy never writes`;
  }
  const head = [...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `neither JSON (no leading "{") nor an Avro container (no "Obj\\x01" magic); first bytes: ${head}`;
}

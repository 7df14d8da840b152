import type { Type, types } from 'avsc';
import { AvroFormatError, readBlockCount, readBytes, readLong, readString, type ByteCursor } from './avro-bytes';
import { setOwnProperty } from './own-property';
import { formatValuePath, type WarningList } from './warning-list';

// Own reader rather than avsc's Type.decode: on corrupt input avsc loops over any array/map
// count it reads (2^60 items = a hung collector) and throws on longs beyond 2^53.
// avsc still parses and resolves the writer schema; this walks the resulting type tree.
interface DatumReader {
  cursor: ByteCursor;
  warnings: WarningList;
  path: (string | number)[];
  /** array/map items still allowed: bounds zero-byte items (nulls) that no length check catches */
  itemBudget: number;
}

/**
 * Reads one datum as plain JSON-safe data: unions unwrapped, enums as their symbol, longs as
 * numbers, bytes/fixed as Latin-1 strings and non-finite floats as "NaN"/"Infinity" strings
 * (these last three with a warning).
 */
export function readAvroDatum(type: Type, cursor: ByteCursor, warnings: WarningList): unknown {
  return readValue(type, { cursor, warnings, path: [], itemBudget: cursor.buf.length + 4096 });
}

function readValue(type: Type, reader: DatumReader): unknown {
  const { cursor } = reader;
  switch (type.typeName) {
    case 'null':
      return null;
    case 'boolean':
      return readBoolean(reader);
    case 'int':
    case 'long':
      return readLongNumber(reader);
    case 'float':
      return finiteOrName(readBytes(cursor, 4).readFloatLE(0), reader);
    case 'double':
      return finiteOrName(readBytes(cursor, 8).readDoubleLE(0), reader);
    case 'string':
      return readString(cursor, `string at ${describePath(reader)}`);
    case 'bytes':
      return latin1(readBytes(cursor, readSizeAt(reader)), reader);
    case 'fixed':
      return latin1(readBytes(cursor, (type as types.FixedType).size), reader);
    case 'enum':
      return readEnum(type as types.EnumType, reader);
    case 'array':
      return readArray((type as types.ArrayType).itemsType, reader);
    case 'map':
      return readMap((type as types.MapType).valuesType as Type, reader);
    case 'union:wrapped':
    case 'union:unwrapped':
      return readValue(pick((type as types.WrappedUnionType).types, reader, 'union branch'), reader);
    case 'record':
    case 'error':
      return readRecord(type as types.RecordType, reader);
    default:
      throw new AvroFormatError(`unsupported Avro type "${type.typeName}" at ${describePath(reader)}`);
  }
}

function readBoolean(reader: DatumReader): boolean {
  const byte = readBytes(reader.cursor, 1)[0];
  if (byte !== 0 && byte !== 1) throw new AvroFormatError(`invalid Avro datum: boolean byte ${byte} at ${describePath(reader)}`);
  return byte === 1;
}

function readLongNumber(reader: DatumReader): number {
  const value = readLong(reader.cursor);
  if (typeof value === 'number') return value;
  reader.warnings.add(`${describePath(reader)}: long ${value} is beyond 2^53 and was read as ${Number(value)}`);
  return Number(value);
}

function readSizeAt(reader: DatumReader): number {
  const size = readLong(reader.cursor);
  if (typeof size === 'bigint' || size < 0) throw new AvroFormatError(`invalid Avro datum: length ${size} at ${describePath(reader)}`);
  return size;
}

function finiteOrName(value: number, reader: DatumReader): number | string {
  if (Number.isFinite(value)) return value;
  const name = String(value);
  reader.warnings.add(`${describePath(reader)}: ${name} kept as string "${name}"`);
  return name;
}

function latin1(bytes: Buffer, reader: DatumReader): string {
  reader.warnings.add(`${describePath(reader)}: Avro bytes shown as a Latin-1 string (one character per byte)`);
  return bytes.toString('latin1');
}

function pick<T>(choices: readonly T[], reader: DatumReader, what: string): T {
  const start = reader.cursor.pos;
  const index = readLong(reader.cursor);
  const choice = typeof index === 'number' ? choices[index] : undefined;
  if (choice === undefined) throw new AvroFormatError(`invalid Avro datum: ${what} ${index} out of range at offset ${start} (${describePath(reader)})`);
  return choice;
}

function readEnum(type: types.EnumType, reader: DatumReader): string {
  return pick(type.symbols, reader, 'enum index');
}

function readRecord(type: types.RecordType, reader: DatumReader): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const field of type.fields) {
    reader.path.push(field.name);
    setOwnProperty(record, field.name, readValue(field.type, reader));
    reader.path.pop();
  }
  return record;
}

function readArray(itemsType: Type, reader: DatumReader): unknown[] {
  const items: unknown[] = [];
  for (let count = nextBlock(reader); count > 0; count = nextBlock(reader)) {
    for (let i = 0; i < count; i += 1) {
      reader.path.push(items.length);
      items.push(readValue(itemsType, reader));
      reader.path.pop();
    }
  }
  return items;
}

function readMap(valuesType: Type, reader: DatumReader): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  for (let count = nextBlock(reader); count > 0; count = nextBlock(reader)) {
    for (let i = 0; i < count; i += 1) {
      const key = readString(reader.cursor, `map key at ${describePath(reader)}`);
      reader.path.push(key);
      setOwnProperty(map, key, readValue(valuesType, reader));
      reader.path.pop();
    }
  }
  return map;
}

function nextBlock(reader: DatumReader): number {
  const count = readBlockCount(reader.cursor);
  if (count > reader.itemBudget) {
    throw new AvroFormatError(`invalid Avro datum: a block of ${count} items cannot fit in the value (${describePath(reader)})`);
  }
  reader.itemBudget -= count;
  return count;
}

function describePath(reader: DatumReader): string {
  return reader.path.length === 0 ? '(root)' : formatValuePath(reader.path);
}

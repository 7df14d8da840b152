import zlib from 'node:zlib';
import { AvroFormatError, decodeUtf8, readBlockCount, readBytes, readLong, readSize, readString, type ByteCursor } from './avro-bytes';
import type { WarningList } from './warning-list';

export const AVRO_MAGIC = Buffer.from('Obj\x01', 'latin1');

// Caps what a compressed block may expand to, so a small value cannot exhaust memory.
const MAX_BLOCK_BYTES = 64 * 1024 * 1024;
const SYNC_LENGTH = 16;

export interface AvroContainer {
  /** the writer schema, as JSON text from the `avro.schema` metadata */
  schemaText: string;
  /** the first block, decompressed; eventy writes exactly one datum in it */
  block: Buffer;
  objectCount: number;
}

/** Reads an Avro Object Container File as Python's DataFileWriter writes it (one block, one datum). */
export function readAvroContainer(value: Buffer, warnings: WarningList): AvroContainer {
  if (!value.subarray(0, AVRO_MAGIC.length).equals(AVRO_MAGIC)) throw new AvroFormatError('not an Avro container (no Obj\\x01 magic)');
  const cursor: ByteCursor = { buf: value, pos: AVRO_MAGIC.length, part: 'container' };
  const metadata = readMetadata(cursor);
  const sync = readBytes(cursor, SYNC_LENGTH);
  if (cursor.pos === value.length) throw new AvroFormatError('Avro container holds no record (header only)');
  const objectCount = readLong(cursor);
  if (typeof objectCount === 'bigint' || objectCount < 0) throw new AvroFormatError(`invalid Avro container: block object count ${objectCount}`);
  const compressed = readBytes(cursor, readSize(cursor, 'block size'));
  if (!readBytes(cursor, SYNC_LENGTH).equals(sync)) {
    throw new AvroFormatError('invalid Avro container: the sync marker after the first block does not match the header');
  }
  if (objectCount === 0) throw new AvroFormatError('Avro container holds no record (empty first block)');
  if (objectCount > 1) warnings.add(`Avro container holds ${objectCount} records in its first block; only the first is shown`);
  if (cursor.pos < value.length) warnings.add(`${value.length - cursor.pos} bytes after the first Avro block ignored`);
  const schema = metadata.get('avro.schema');
  if (schema === undefined) throw new AvroFormatError('invalid Avro container: no avro.schema in the header');
  const schemaText = decodeUtf8(schema, 'invalid Avro container: avro.schema');
  const codec = metadata.get('avro.codec')?.toString('latin1') ?? 'null';
  return { schemaText, block: decompress(codec, compressed), objectCount };
}

function readMetadata(cursor: ByteCursor): Map<string, Buffer> {
  const metadata = new Map<string, Buffer>();
  for (let count = readBlockCount(cursor); count > 0; count = readBlockCount(cursor)) {
    if (count > cursor.buf.length - cursor.pos) throw new AvroFormatError(`invalid Avro container: ${count} metadata entries cannot fit`);
    for (let i = 0; i < count; i += 1) {
      const key = readString(cursor, 'metadata key');
      metadata.set(key, readBytes(cursor, readSize(cursor, 'metadata value length')));
    }
  }
  return metadata;
}

function decompress(codec: string, block: Buffer): Buffer {
  try {
    if (codec === 'null') return block;
    if (codec === 'deflate') return zlib.inflateRawSync(block, { maxOutputLength: MAX_BLOCK_BYTES });
    // Looked up on the module, not imported by name, so Node versions without zstd still load this file.
    if (codec === 'zstandard') return zlib.zstdDecompressSync(block, { maxOutputLength: MAX_BLOCK_BYTES });
  } catch (error) {
    throw new AvroFormatError(`invalid Avro container: the ${codec} block does not decompress (${(error as Error).message})`);
  }
  throw new AvroFormatError(`Avro codec "${codec}" is not supported (null, deflate and zstandard are)`);
}

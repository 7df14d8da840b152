/** A reason why an Avro value cannot be read; becomes the `reason` of an undecodable value. */
export class AvroFormatError extends Error {}

export interface ByteCursor {
  readonly buf: Buffer;
  pos: number;
  /** what is being read, for messages: "container" or "datum" */
  readonly part: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function readBytes(cursor: ByteCursor, length: number): Buffer {
  const left = cursor.buf.length - cursor.pos;
  if (length > left) {
    throw new AvroFormatError(`truncated Avro ${cursor.part}: needs ${length} bytes at offset ${cursor.pos}, ${left} left`);
  }
  const bytes = cursor.buf.subarray(cursor.pos, cursor.pos + length);
  cursor.pos += length;
  return bytes;
}

/** A zigzag varint long; a bigint only when it does not fit a double exactly. */
export function readLong(cursor: ByteCursor): number | bigint {
  const start = cursor.pos;
  let byte: number;
  do {
    if (cursor.pos - start === 10) throw new AvroFormatError(`invalid Avro ${cursor.part}: varint longer than 10 bytes at offset ${start}`);
    byte = readBytes(cursor, 1)[0]!;
  } while (byte & 0x80);
  const bytes = cursor.buf.subarray(start, cursor.pos);
  if (bytes.length <= 7) {
    const raw = bytes.reduceRight((sum, b) => sum * 128 + (b & 0x7f), 0);
    return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
  }
  const raw = bytes.reduceRight((sum, b) => (sum << 7n) | BigInt(b & 0x7f), 0n);
  const value = BigInt.asIntN(64, (raw >> 1n) ^ -(raw & 1n));
  return Number.isSafeInteger(Number(value)) ? Number(value) : value;
}

/** A long used as a size or count, which must be a non-negative safe number. */
export function readSize(cursor: ByteCursor, what: string): number {
  const start = cursor.pos;
  const value = readLong(cursor);
  if (typeof value === 'bigint' || value < 0) {
    throw new AvroFormatError(`invalid Avro ${cursor.part}: ${what} ${value} at offset ${start}`);
  }
  return value;
}

export function readString(cursor: ByteCursor, what: string): string {
  return decodeUtf8(readBytes(cursor, readSize(cursor, `${what} length`)), `invalid Avro ${cursor.part}: ${what}`);
}

export function decodeUtf8(bytes: Uint8Array, description: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new AvroFormatError(`${description} is not valid UTF-8`);
  }
}

/**
 * The item count of the next array/map block (0 ends the list). A negative count is followed
 * by the block's byte size, which is skipped.
 */
export function readBlockCount(cursor: ByteCursor): number {
  const start = cursor.pos;
  const count = readLong(cursor);
  if (typeof count === 'bigint') throw new AvroFormatError(`invalid Avro ${cursor.part}: block count ${count} at offset ${start}`);
  if (count >= 0) return count;
  readSize(cursor, 'block size');
  return -count;
}

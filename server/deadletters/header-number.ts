import type { KafkaHeader } from '../kafka/contract';

/** The bytes of a stored header: its UTF-8 text, or its base64 when the bytes were not UTF-8. */
export function headerBytes(header: KafkaHeader): Buffer {
  return Buffer.from(header.value, header.encoding === 'base64' ? 'base64' : 'utf8');
}

const decimal = /^-?\d{1,19}$/;

/**
 * A number header, whichever way its writer encoded it: decimal text (Kafka Connect, ours) or a
 * big-endian binary int (4 bytes) or long (8 bytes) as Spring Kafka writes them. Decided by the bytes,
 * not by how they were stored: 4 zero bytes are valid UTF-8. Decimal text wins because four or eight
 * ASCII digits read as binary would be a partition above 800 million or an offset above 3·10^18.
 * `text`: decimal text only (our own headers). Null when the bytes are neither, or the number is not a safe integer.
 */
export function decodeHeaderNumber(bytes: Buffer, encodings: 'text-or-binary' | 'text' = 'text-or-binary'): number | null {
  const text = bytes.toString('latin1');
  if (decimal.test(text)) return safe(Number(text));
  if (encodings === 'text') return null;
  if (bytes.length === 4) return bytes.readInt32BE(0);
  if (bytes.length === 8) {
    const big = bytes.readBigInt64BE(0);
    return big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER) ? null : Number(big);
  }
  return null;
}

function safe(value: number): number | null {
  return Number.isSafeInteger(value) ? value : null;
}

import { crc32 } from 'node:zlib';
import type { KafkaHeader, WriteRecord } from '../kafka/contract';
import { deadLetterHeaderPrefixes } from './contract';
import { headerBytes } from './header-number';

/** The key bytes of a stored key as shown (`base64:` + base64 when the bytes were not UTF-8). */
export function keyBytes(key: string | null): Buffer | null {
  if (key === null) return null;
  return key.startsWith('base64:') ? Buffer.from(key.slice('base64:'.length), 'base64') : Buffer.from(key, 'utf8');
}

/** The record's headers minus those describing a failure or an earlier move of ours, then `added` in order. */
export function carriedHeaders(headers: readonly KafkaHeader[], added: readonly [string, string][], dropPrefixes: readonly string[] = deadLetterHeaderPrefixes): WriteRecord['headers'] {
  const kept = headers.filter((h) => !dropPrefixes.some((prefix) => h.key.startsWith(prefix))).map((h) => ({ key: h.key, value: headerBytes(h) }));
  return [...kept, ...added.map(([key, value]) => ({ key, value: Buffer.from(value, 'utf8') }))];
}

/**
 * The partition a requeued record goes to: its original partition when it goes back to its original topic (and that
 * partition exists), else where Eventy's producer (librdkafka, `consistent_random`) would put the key: CRC32 of the
 * key bytes modulo the partition count, a random partition for a null or empty key.
 */
export function choosePartition(input: {
  targetTopic: string;
  originalTopic: string | null;
  originalPartition: number | null;
  partitionCount: number;
  key: Buffer | null;
  random?: () => number;
}): number {
  const { targetTopic, originalTopic, originalPartition, partitionCount, key } = input;
  if (targetTopic === originalTopic && originalPartition !== null && originalPartition >= 0 && originalPartition < partitionCount) return originalPartition;
  if (key === null || key.length === 0) return Math.floor((input.random ?? Math.random)() * partitionCount);
  return crc32(key) % partitionCount;
}

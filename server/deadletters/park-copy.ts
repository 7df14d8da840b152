import { decodeEventyValue } from '../decode';
import type { ConsumedMessage, KafkaHeader, WriteRecord } from '../kafka';
import { lensHeaders } from './contract';

export const parkedErrorClass = 'eventy-lens.Parked';
/** the parked record's value does not decode as an Eventy record: most likely why its consumer stopped */
export const undecodableErrorClass = 'eventy-lens.Undecodable';

export interface ParkCopyFacts {
  parkId: string;
  groupId: string;
  parkedBy: string;
  stuckSince: string | null;
  /** ISO 8601 */
  parkedAt: string;
}

function headerBytes(header: KafkaHeader): Buffer {
  return Buffer.from(header.value, header.encoding);
}

/** Why the consumer most likely stopped, as far as the bytes tell: eventy refuses what our decoder refuses. */
function parkError(original: ConsumedMessage, facts: ParkCopyFacts): { errorClass: string; errorMessage: string } {
  const where = `${original.topic}:${original.partition} stuck at offset ${original.offset} for group ${facts.groupId}`;
  const since = facts.stuckSince === null ? '' : ` since ${facts.stuckSince}`;
  const parked = `; parked by ${facts.parkedBy}`;
  const decoded = original.value === null ? null : decodeEventyValue(original.value);
  if (original.value === null || decoded?.kind === 'undecodable') {
    const reason = decoded?.kind === 'undecodable' ? decoded.reason : 'the value is null (a tombstone)';
    return { errorClass: undecodableErrorClass, errorMessage: `${where}${since}: ${reason}${parked}` };
  }
  return { errorClass: parkedErrorClass, errorMessage: `${where}${since}${parked}` };
}

/**
 * The dead-letter copy of a parked record: key and value as they were, its headers kept (a requeue count among
 * them tells "failed again"), then our provenance headers, which replace any of the same name from an earlier move.
 */
export function parkedCopy(original: ConsumedMessage, facts: ParkCopyFacts): WriteRecord {
  const { errorClass, errorMessage } = parkError(original, facts);
  const ours: [string, string][] = [
    [lensHeaders.originalTopic, original.topic],
    [lensHeaders.originalPartition, String(original.partition)],
    [lensHeaders.originalOffset, String(original.offset)],
    [lensHeaders.originalTimestamp, String(original.timestamp)],
    [lensHeaders.errorClass, errorClass],
    [lensHeaders.errorMessage, errorMessage],
    [lensHeaders.failedAt, facts.stuckSince ?? facts.parkedAt],
    [lensHeaders.consumerGroup, facts.groupId],
    [lensHeaders.parkedBy, facts.parkedBy],
    [lensHeaders.parkId, facts.parkId],
  ];
  const replaced = new Set(ours.map(([key]) => key));
  return {
    key: original.key,
    value: original.value,
    partition: original.partition,
    headers: [
      ...original.headers.filter((h) => !replaced.has(h.key)).map((h) => ({ key: h.key, value: headerBytes(h) })),
      ...ours.map(([key, value]) => ({ key, value: Buffer.from(value, 'utf8') })),
    ],
  };
}

/** The park id a dead-letter record carries, if it is a park copy. */
export function parkIdOf(message: ConsumedMessage): string | null {
  return message.headers.find((h) => h.key === lensHeaders.parkId && h.encoding === 'utf8')?.value ?? null;
}

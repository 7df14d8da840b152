import type { SQLInputValue, SQLOutputValue } from 'node:sqlite';
import type { DeadLetterConvention, DeadLetterGroup } from '../../deadletters/contract';
import { InvalidCursorError, type DeadLetterQuery, type StoredDeadLetter } from '../contract';
import { decodeCursor } from './record-query';
import { toRecordView, viewColumns } from './record-row';
import { firstIdAt } from './row-keys';
import { toFtsQuery } from './search-text';
import type { CompiledQuery } from './record-query';

const deadLetterColumns =
  'dead_letters.dlq_topic, convention, original_topic, original_partition, original_offset, original_ts, error_class, error_message, fingerprint, fingerprint_text, failed_again, failed_at, consumer_group';

const exactFilters = [
  ['dlqTopic', 'dead_letters.dlq_topic'],
  ['originalTopic', 'dead_letters.original_topic'],
  ['fingerprint', 'dead_letters.fingerprint'],
  ['errorClass', 'dead_letters.error_class'],
  ['key', 'records.key'],
  ['correlationId', 'records.correlation_id'],
  ['uuid', 'records.uuid'],
  ['name', 'records.name'],
] as const satisfies readonly (readonly [keyof DeadLetterQuery, string])[];

const recordFields = ['key', 'correlationId', 'uuid', 'name'] as const;

/** Whether the query filters on columns of the records table (else the grouping reads dead_letters alone). */
function needsRecords(query: DeadLetterQuery): boolean {
  return recordFields.some((field) => query[field] !== undefined);
}

/**
 * The WHERE of a dead-letter query. Dead letters are the outer loop (few next to all records): record
 * filters are checked on the joined row, `q` against the set of FTS matches.
 * Null when `q` holds nothing searchable.
 */
function compileFilter(query: DeadLetterQuery): CompiledQuery | null {
  const where: string[] = [];
  const params: SQLInputValue[] = [];
  for (const [field, column] of exactFilters) {
    const value = query[field];
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  if (query.q !== undefined) {
    const words = toFtsQuery(query.q);
    if (words === null) return null;
    // one FTS evaluation, then a membership test per dead letter (a MATCH per row cost ~0.15 ms each)
    where.push('dead_letters.record_id IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)');
    params.push(`body : (${words})`);
  }
  if (query.from !== undefined) {
    where.push('dead_letters.record_id >= ?');
    params.push(firstIdAt(Date.parse(query.from)));
  }
  if (query.to !== undefined) {
    where.push('dead_letters.record_id < ?');
    params.push(firstIdAt(Date.parse(query.to) + 1));
  }
  return { sql: where.length > 0 ? `WHERE ${where.join(' AND ')}` : '', params };
}

const joined = 'dead_letters CROSS JOIN records ON records.id = dead_letters.record_id';

/** One page of dead letters, newest first, keyset-paginated on the row id like the timeline. */
export function compileDeadLetterPage(query: DeadLetterQuery): CompiledQuery | null {
  const filter = compileFilter(query);
  if (filter === null) return null;
  const params = [...filter.params];
  let where = filter.sql;
  if (query.cursor !== undefined) {
    where = `${where === '' ? 'WHERE' : `${where} AND`} dead_letters.record_id < ?`;
    params.push(decodeCursor(query.cursor));
  }
  params.push(query.limit + 1);
  return { sql: `SELECT ${viewColumns}, ${deadLetterColumns} FROM ${joined} ${where} ORDER BY dead_letters.record_id DESC LIMIT ?`, params };
}

/** One dead letter by its record's topic, partition and offset. */
export const deadLetterByIdSql = `SELECT ${viewColumns}, ${deadLetterColumns} FROM records CROSS JOIN dead_letters ON dead_letters.record_id = records.id
  WHERE records.topic = ? AND records.kafka_partition = ? AND records.kafka_offset = ?`;

/**
 * Groups by dead-letter topic, original topic and fingerprint (all matching dead letters are read once,
 * through the filter), latest failure first; the newest dead letter of each group gives its sample message.
 * Paged by position: groups are few next to dead letters.
 */
export function compileDeadLetterGroups(query: DeadLetterQuery): CompiledQuery | null {
  const filter = compileFilter(query);
  if (filter === null) return null;
  const offset = query.cursor === undefined ? 0 : decodeGroupCursor(query.cursor);
  const sql = `
    SELECT g.dlq_topic, g.original_topic, g.fingerprint, g.count, g.first_seen, g.last_seen,
      latest.fingerprint_text, latest.error_class, latest.error_message, records.topic, records.kafka_partition, records.kafka_offset
    FROM (
      SELECT dead_letters.dlq_topic, dead_letters.original_topic, dead_letters.fingerprint, count(*) AS count,
        min(failed_at) AS first_seen, max(failed_at) AS last_seen, max(dead_letters.record_id) AS latest_id
      FROM ${needsRecords(query) ? joined : 'dead_letters'} ${filter.sql}
      GROUP BY dead_letters.fingerprint, dead_letters.dlq_topic, dead_letters.original_topic
    ) AS g
    CROSS JOIN dead_letters AS latest ON latest.record_id = g.latest_id
    CROSS JOIN records ON records.id = g.latest_id
    ORDER BY g.last_seen DESC, g.latest_id DESC
    LIMIT ? OFFSET ?`;
  return { sql, params: [...filter.params, query.limit + 1, offset] };
}

export function encodeGroupCursor(offset: number): string {
  return Buffer.from(`g${offset}`).toString('base64url');
}

function decodeGroupCursor(cursor: string): number {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^g(\d{1,9})$/.exec(text);
  if (match === null) throw new InvalidCursorError('malformed cursor');
  return Number(match[1]);
}

type Row = Record<string, SQLOutputValue>;

const iso = (ms: SQLOutputValue | undefined): string => new Date(Math.min(Math.max(ms as number, -8.64e15), 8.64e15)).toISOString();

export function toStoredDeadLetter(row: Row): StoredDeadLetter {
  const record = toRecordView(row);
  return {
    id: record.id,
    dlqTopic: row['dlq_topic'] as string,
    provenance: {
      convention: row['convention'] as DeadLetterConvention,
      originalTopic: row['original_topic'] as string | null,
      originalPartition: row['original_partition'] as number | null,
      originalOffset: row['original_offset'] as number | null,
      originalTimestamp: row['original_ts'] === null ? null : iso(row['original_ts']),
      errorClass: row['error_class'] as string | null,
      errorMessage: row['error_message'] as string | null,
      failedAt: iso(row['failed_at']),
      consumerGroup: row['consumer_group'] as string | null,
    },
    fingerprint: row['fingerprint'] as string,
    fingerprintText: row['fingerprint_text'] as string,
    failedAgain: row['failed_again'] as number,
    record,
  };
}

export function toDeadLetterGroup(row: Row): DeadLetterGroup {
  return {
    fingerprint: row['fingerprint'] as string,
    fingerprintText: row['fingerprint_text'] as string,
    originalTopic: row['original_topic'] as string | null,
    dlqTopic: row['dlq_topic'] as string,
    errorClass: row['error_class'] as string | null,
    sampleMessage: row['error_message'] as string | null,
    count: row['count'] as number,
    firstSeen: iso(row['first_seen']),
    lastSeen: iso(row['last_seen']),
    latestId: `${row['topic'] as string}:${row['kafka_partition'] as number}:${row['kafka_offset'] as number}`,
  };
}

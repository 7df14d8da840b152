import type pg from 'pg';
import type { DeadLetterConvention, DeadLetterGroup, DeadLetterTopicsConfig } from '../../deadletters/contract';
import { isDeadLetterTopic } from '../../deadletters/discovery';
import { InvalidCursorError, type DeadLetterQuery, type IngestedRecord, type StoredDeadLetter } from '../contract';
import { deadLetterParams, settingsText, viewOf } from '../sqlite/dead-letter-table';
import { decodePgCursor, pgViewColumns, toTsQuery } from './record-query';
import { isoOf, toRecordView, type PgRow } from './record-view';

/** Columns of dead_letters after the record key, in deadLetterParams order. */
const provenanceColumns = [
  'dlq_topic', 'convention', 'original_topic', 'original_partition', 'original_offset', 'original_ts', 'error_class',
  'error_message', 'fingerprint', 'fingerprint_text', 'failed_again', 'failed_at', 'consumer_group',
] as const;
const provenanceTypes = ['text', 'text', 'text', 'integer', 'bigint', 'bigint', 'text', 'text', 'text', 'text', 'integer', 'bigint', 'text'];

/** Schema step: one row per stored record of a dead-letter topic, keyed like the record (its ts too, for partition pruning). */
export const deadLettersTable = `
  CREATE TABLE dead_letters (
    topic text NOT NULL,
    kafka_partition integer NOT NULL,
    kafka_offset bigint NOT NULL,
    ts bigint NOT NULL,
    seq bigint NOT NULL,
    dlq_topic text NOT NULL,
    convention text NOT NULL,
    original_topic text,
    original_partition integer,
    original_offset bigint,
    original_ts bigint,
    error_class text,
    error_message text,
    fingerprint text NOT NULL,
    fingerprint_text text NOT NULL,
    failed_again integer NOT NULL,
    failed_at bigint NOT NULL,
    consumer_group text,
    PRIMARY KEY (topic, kafka_partition, kafka_offset)
  );
  CREATE INDEX dead_letters_newest ON dead_letters (ts DESC, seq DESC);
  CREATE INDEX dead_letters_group ON dead_letters (fingerprint, dlq_topic, original_topic);
  CREATE INDEX dead_letters_original ON dead_letters (original_topic);
  CREATE TABLE dead_letter_settings (id integer PRIMARY KEY CHECK (id = 1), settings text NOT NULL);
`;

type Inserted = { topic: string; kafka_partition: number; kafka_offset: string; ts: string; seq: string };

/** Adds the dead-letter rows of a batch's newly inserted records (in its transaction). */
export async function addDeadLetters(client: pg.PoolClient, inserted: readonly Inserted[], byPosition: Map<string, IngestedRecord>, config: DeadLetterTopicsConfig): Promise<void> {
  const rows = inserted.filter((row) => isDeadLetterTopic(row.topic, config));
  if (rows.length === 0) return;
  const columns: unknown[][] = Array.from({ length: 5 + provenanceColumns.length }, () => []);
  for (const row of rows) {
    const record = byPosition.get(`${row.topic}:${row.kafka_partition}:${row.kafka_offset}`)!;
    const values = [row.topic, row.kafka_partition, row.kafka_offset, row.ts, row.seq, ...deadLetterParams(viewOf(record), config)];
    values.forEach((value, i) => columns[i]!.push(value));
  }
  await client.query(insertSql, columns);
}

const insertSql = `INSERT INTO dead_letters (topic, kafka_partition, kafka_offset, ts, seq, ${provenanceColumns.join(', ')})
  SELECT * FROM unnest($1::text[], $2::integer[], $3::bigint[], $4::bigint[], $5::bigint[],
    ${provenanceTypes.map((type, i) => `$${i + 6}::${type}[]`).join(', ')})
  ON CONFLICT DO NOTHING`;

/** Refills dead_letters from stored records when the dead-letter settings differ from those it was filled under. */
export async function syncPostgresDeadLetters(client: pg.PoolClient, config: DeadLetterTopicsConfig): Promise<void> {
  const wanted = settingsText(config);
  await client.query('BEGIN');
  try {
    await client.query('LOCK TABLE dead_letter_settings IN EXCLUSIVE MODE');
    const stored = await client.query<{ settings: string }>('SELECT settings FROM dead_letter_settings WHERE id = 1');
    if (stored.rows[0]?.settings === wanted) {
      await client.query('COMMIT');
      return;
    }
    await adjustTraceErrors(client, -1);
    await client.query('DELETE FROM dead_letters');
    const topics = await client.query<{ topic: string }>('SELECT topic FROM topic_counts WHERE records > 0');
    for (const { topic } of topics.rows.filter((row) => isDeadLetterTopic(row.topic, config))) {
      const { rows } = await client.query<PgRow & { seq: string }>(`SELECT ${pgViewColumns} FROM records WHERE topic = $1`, [topic]);
      const columns: unknown[][] = Array.from({ length: 5 + provenanceColumns.length }, () => []);
      for (const row of rows) {
        const values = [row.topic, row.kafka_partition, row.kafka_offset, row.ts, row.seq, ...deadLetterParams(toRecordView(row), config)];
        values.forEach((value, i) => columns[i]!.push(value));
      }
      if (rows.length > 0) await client.query(insertSql, columns);
    }
    await adjustTraceErrors(client, 1);
    await client.query('INSERT INTO dead_letter_settings (id, settings) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET settings = excluded.settings', [wanted]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

const recordColumns = pgViewColumns.split(', ').map((column) => `r.${column}`).join(', ');
const dlColumns = provenanceColumns.map((column) => `d.${column}`).join(', ');
const joined = 'dead_letters d JOIN records r ON r.topic = d.topic AND r.kafka_partition = d.kafka_partition AND r.kafka_offset = d.kafka_offset AND r.ts = d.ts';

const exactFilters = [
  ['dlqTopic', 'd.dlq_topic'],
  ['originalTopic', 'd.original_topic'],
  ['fingerprint', 'd.fingerprint'],
  ['errorClass', 'd.error_class'],
  ['key', 'r.key'],
  ['correlationId', 'r.correlation_id'],
  ['uuid', 'r.uuid'],
  ['name', 'r.name'],
] as const satisfies readonly (readonly [keyof DeadLetterQuery, string])[];

function compileFilter(query: DeadLetterQuery, values: unknown[]): string[] | null {
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where: string[] = [];
  for (const [field, column] of exactFilters) {
    const value = query[field];
    if (value !== undefined) where.push(`${column} = ${param(value)}`);
  }
  if (query.q !== undefined) {
    const tsQuery = toTsQuery(query.q);
    if (tsQuery === null) return null;
    where.push(`r.search @@ ${param(tsQuery)}::tsquery`);
  }
  if (query.from !== undefined) where.push(`d.ts >= ${param(Date.parse(query.from))}`);
  if (query.to !== undefined) where.push(`d.ts <= ${param(Date.parse(query.to))}`);
  return where;
}

const whereOf = (parts: readonly string[]) => (parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '');

export async function queryPostgresDeadLetters(client: pg.PoolClient, query: DeadLetterQuery): Promise<{ items: StoredDeadLetter[]; nextCursor: string | null }> {
  const values: unknown[] = [];
  const where = compileFilter(query, values);
  if (where === null) return { items: [], nextCursor: null };
  if (query.cursor !== undefined) {
    const [ts, seq] = decodePgCursor(query.cursor);
    values.push(ts, seq);
    where.push(`(d.ts, d.seq) < ($${values.length - 1}, $${values.length})`);
  }
  values.push(query.limit + 1);
  const { rows } = await client.query<DeadLetterRow>(
    `SELECT ${recordColumns}, ${dlColumns} FROM ${joined} ${whereOf(where)} ORDER BY d.ts DESC, d.seq DESC LIMIT $${values.length}`,
    values,
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toStoredDeadLetter),
    nextCursor: rows.length > query.limit && last !== undefined ? Buffer.from(`${last.ts}:${last.seq}`).toString('base64url') : null,
  };
}

export async function getPostgresDeadLetter(client: pg.PoolClient, key: [string, number, number]): Promise<StoredDeadLetter | null> {
  const { rows } = await client.query<DeadLetterRow>(
    `SELECT ${recordColumns}, ${dlColumns} FROM ${joined} WHERE d.topic = $1 AND d.kafka_partition = $2 AND d.kafka_offset = $3`,
    key,
  );
  return rows[0] === undefined ? null : toStoredDeadLetter(rows[0]);
}

/** One row per dead-letter topic, original topic and fingerprint, latest failure first; paged by position as in SQLite. */
export async function groupPostgresDeadLetters(client: pg.PoolClient, query: DeadLetterQuery): Promise<{ items: DeadLetterGroup[]; nextCursor: string | null }> {
  const values: unknown[] = [];
  const where = compileFilter(query, values);
  if (where === null) return { items: [], nextCursor: null };
  const offset = query.cursor === undefined ? 0 : decodeGroupCursor(query.cursor);
  values.push(query.limit + 1, offset);
  const same = (a: string, b: string) => ['dlq_topic', 'original_topic', 'fingerprint'].map((c) => `${a}.${c} IS NOT DISTINCT FROM ${b}.${c}`).join(' AND ');
  const { rows } = await client.query<GroupRow>(
    `WITH f AS (SELECT d.* FROM ${joined} ${whereOf(where)}),
     g AS (SELECT dlq_topic, original_topic, fingerprint, count(*) AS count, min(failed_at) AS first_seen, max(failed_at) AS last_seen
           FROM f GROUP BY dlq_topic, original_topic, fingerprint),
     l AS (SELECT DISTINCT ON (dlq_topic, original_topic, fingerprint) * FROM f ORDER BY dlq_topic, original_topic, fingerprint, ts DESC, seq DESC)
     SELECT g.*, l.fingerprint_text, l.error_class, l.error_message, l.topic, l.kafka_partition, l.kafka_offset
     FROM g JOIN l ON ${same('g', 'l')}
     ORDER BY g.last_seen DESC, l.ts DESC, l.seq DESC
     LIMIT $${values.length - 1} OFFSET $${values.length}`,
    values,
  );
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((row) => ({
      fingerprint: row.fingerprint,
      fingerprintText: row.fingerprint_text,
      originalTopic: row.original_topic,
      dlqTopic: row.dlq_topic,
      errorClass: row.error_class,
      sampleMessage: row.error_message,
      count: Number(row.count),
      firstSeen: isoOf(Number(row.first_seen)),
      lastSeen: isoOf(Number(row.last_seen)),
      latestId: `${row.topic}:${row.kafka_partition}:${row.kafka_offset}`,
    })),
    nextCursor: rows.length > query.limit ? Buffer.from(`g${offset + query.limit}`).toString('base64url') : null,
  };
}

function decodeGroupCursor(cursor: string): number {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^g(\d{1,9})$/.exec(text);
  if (match === null) throw new InvalidCursorError('malformed cursor');
  return Number(match[1]);
}

interface DeadLetterRow extends PgRow {
  seq: string;
  dlq_topic: string;
  convention: DeadLetterConvention;
  original_topic: string | null;
  original_partition: number | null;
  original_offset: string | null;
  original_ts: string | null;
  error_class: string | null;
  error_message: string | null;
  fingerprint: string;
  fingerprint_text: string;
  failed_again: number;
  failed_at: string;
  consumer_group: string | null;
}

interface GroupRow {
  dlq_topic: string;
  original_topic: string | null;
  fingerprint: string;
  count: string;
  first_seen: string;
  last_seen: string;
  fingerprint_text: string;
  error_class: string | null;
  error_message: string | null;
  topic: string;
  kafka_partition: number;
  kafka_offset: string;
}

function toStoredDeadLetter(row: DeadLetterRow): StoredDeadLetter {
  const record = toRecordView(row);
  return {
    id: record.id,
    dlqTopic: row.dlq_topic,
    provenance: {
      convention: row.convention,
      originalTopic: row.original_topic,
      originalPartition: row.original_partition,
      originalOffset: row.original_offset === null ? null : Number(row.original_offset),
      originalTimestamp: row.original_ts === null ? null : isoOf(Number(row.original_ts)),
      errorClass: row.error_class,
      errorMessage: row.error_message,
      failedAt: isoOf(Number(row.failed_at)),
      consumerGroup: row.consumer_group,
    },
    fingerprint: row.fingerprint,
    fingerprintText: row.fingerprint_text,
    failedAgain: row.failed_again,
    record,
  };
}

/** Adds (1) or takes back (-1) the stored dead letters that are not failed responses in their traces' error counts. */
async function adjustTraceErrors(client: pg.PoolClient, sign: 1 | -1): Promise<void> {
  await client.query(`UPDATE traces t SET error_count = t.error_count ${sign > 0 ? '+' : '-'} g.n
    FROM (SELECT r.correlation_id, count(*) AS n FROM ${joined}
          WHERE r.correlation_id IS NOT NULL AND r.ok IS DISTINCT FROM false GROUP BY r.correlation_id) g
    WHERE t.correlation_id = g.correlation_id`);
}

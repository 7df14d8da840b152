import { isUtf8 } from 'node:buffer';
import pg from 'pg';
import type { EventyRecord, RecordKind } from '../../decode/contract';
import { kafkaKeyText } from '../../kafka';
import type { KafkaHeader } from '../../kafka/contract';
import type {
  FlowCount,
  FlowCounts,
  FlowWindow,
  IngestedRecord,
  RecordPage,
  RecordQuery,
  RecordStore,
  RecordView,
  StoreStats,
  StoredTraceSummary,
  TraceListQuery,
  TraceSummaryPage,
} from '../contract';
import type { RetentionPolicy, RetentionResult } from '../retention-contract';
import { storedTimestamp } from '../sqlite/row-keys';
import { extractSearchText } from '../sqlite/search-text';
import { addToTraceDeltas, traceFieldsOf, traceServiceName, type TraceDelta } from '../sqlite/trace-summaries';
import { slowTraceMs } from '../sqlite/trace-table';
import { decodeTraceCursor } from '../sqlite/trace-query';
import { compilePgRecordQuery, encodePgCursor, pgViewColumns } from './record-query';
import { tsvectorLiteral } from './search-vector';
import { defaultDeadLetterTopics } from '../../config/contract';
import type { DeadLetterTopicsConfig } from '../../deadletters/contract';
import { isDeadLetterTopic } from '../../deadletters/discovery';
import { addDeadLetters, getPostgresDeadLetter, groupPostgresDeadLetters, queryPostgresDeadLetters, syncPostgresDeadLetters } from './dead-letters';
import { batchNotice, recordsChannel } from './record-feed';
import { isoOf, toRecordView, type PgRow } from './record-view';
import { applyPostgresRetention } from './retention';
import { ensureDayPartition, migrateOnFirstUse, partitionDayOf, postgresConnection } from './schema';

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** values larger than this keep only their first `previewBytes` */
  maxRawBytes?: number;
  previewBytes?: number;
  /** connections in the pool (default 10) */
  poolSize?: number;
  /** which topics hold dead letters (LENS_DLQ_*); the defaults otherwise */
  deadLetters?: DeadLetterTopicsConfig;
  /** a schema (existing) to keep the tables in instead of the search path's first one; tests use one each */
  schema?: string;
}

/** Any 64-bit number shared by every instance: "a retention pass is running". */
const retentionLock = 0x4c656e7352;

/** PostgreSQL's tsvector holds at most 1 MB: the indexed text is cut well below what could reach it. */
const maxVectorChars = 100_000;

/**
 * The shared record store: one PostgreSQL database for every dashboard and collector of a team.
 * Records are partitioned by day of Kafka time; a batch is one transaction (records, topic counts, trace summaries).
 */
export function openPostgresRecordStore(options: PostgresStoreOptions): RecordStore {
  const maxRawBytes = options.maxRawBytes ?? 1024 * 1024;
  const previewBytes = Math.min(options.previewBytes ?? 64 * 1024, maxRawBytes);
  const pool = new pg.Pool({
    ...postgresConnection(options.url, 'eventy-lens', options.schema),
    max: options.poolSize ?? 10,
  });
  // an idle client losing its connection must not crash the process; the next query reconnects
  pool.on('error', () => undefined);
  const knownDays = new Set<number>();
  const deadLetterTopics = options.deadLetters ?? { pattern: defaultDeadLetterTopics, originalTopics: {} };

  const ready = migrateOnFirstUse(pool, (client) => syncPostgresDeadLetters(client, deadLetterTopics));
  // an unreachable database is reported by the call that needed it, and tried again by the next one
  void ready().catch(() => undefined);

  async function withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    await ready();
    const client = await pool.connect();
    try {
      return await work(client);
    } finally {
      client.release();
    }
  }

  async function ensurePartitions(client: pg.PoolClient, records: readonly IngestedRecord[]): Promise<void> {
    for (const record of records) {
      const day = partitionDayOf(storedTimestamp(record.message.timestamp));
      if (day === null || knownDays.has(day)) continue;
      await ensureDayPartition(client, day);
      knownDays.add(day);
    }
  }

  async function insertBatch(records: readonly IngestedRecord[]): Promise<number> {
    if (records.length === 0) return 0;
    return withClient(async (client) => {
      await ensurePartitions(client, records);
      const columns = toColumns(records, maxRawBytes, previewBytes);
      await client.query('BEGIN');
      try {
        const inserted = await client.query<{ topic: string; kafka_partition: number; kafka_offset: string; ts: string; seq: string }>(insertSql, columns.arrays);
        const byPosition = new Map(records.map((r) => [`${r.message.topic}:${r.message.partition}:${r.message.offset}`, r]));
        const insertedRecords = inserted.rows.map((row) => byPosition.get(`${row.topic}:${row.kafka_partition}:${row.kafka_offset}`) as IngestedRecord);
        await addTopicCounts(client, insertedRecords);
        await addDeadLetters(client, inserted.rows, byPosition, deadLetterTopics);
        await addTraceSummaries(client, insertedRecords, deadLetterTopics);
        // delivered to every listening instance when (and only if) the batch commits: their live tails read it back
        if (inserted.rows.length > 0) await client.query('SELECT pg_notify($1, $2)', [recordsChannel, JSON.stringify(batchNotice(inserted.rows))]);
        await client.query('COMMIT');
        return inserted.rowCount ?? 0;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    });
  }

  async function queryRecords(query: RecordQuery): Promise<RecordPage> {
    const compiled = compilePgRecordQuery(query);
    if (compiled === null) return { items: [], nextCursor: null };
    const { rows } = await withClient((client) => client.query<PgRow>(compiled.text, compiled.values));
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(toRecordView),
      nextCursor: rows.length > query.limit && last !== undefined ? encodePgCursor(last.ts, last.seq) : null,
    };
  }

  async function getRecord(id: string): Promise<RecordView | null> {
    const key = parseId(id);
    if (key === null) return null;
    const { rows } = await withClient((client) =>
      client.query<PgRow>(`SELECT ${pgViewColumns} FROM records WHERE topic = $1 AND kafka_partition = $2 AND kafka_offset = $3`, key),
    );
    return rows[0] === undefined ? null : toRecordView(rows[0]);
  }

  async function getRawValue(id: string): Promise<{ bytes: Buffer; truncated: boolean; size: number } | null> {
    const key = parseId(id);
    if (key === null) return null;
    const { rows } = await withClient((client) =>
      client.query<{ raw: Buffer | null; raw_truncated: boolean; value_size: number }>(
        'SELECT raw, raw_truncated, value_size FROM records WHERE topic = $1 AND kafka_partition = $2 AND kafka_offset = $3',
        key,
      ),
    );
    const row = rows[0];
    return row === undefined ? null : { bytes: row.raw ?? Buffer.alloc(0), truncated: row.raw_truncated, size: row.value_size };
  }

  async function stats(): Promise<StoreStats> {
    return withClient(async (client) => {
      const topics = await client.query<{ topic: string; records: string; undecodable: string }>(
        'SELECT topic, records, undecodable FROM topic_counts WHERE records > 0 ORDER BY topic',
      );
      const list = topics.rows.map((row) => ({ topic: row.topic, records: Number(row.records), undecodable: Number(row.undecodable) }));
      return { recordCount: list.reduce((sum, t) => sum + t.records, 0), sizeBytes: await sizeBytes(client), topics: list };
    });
  }

  async function countFlows({ fromMs, toMs, sampleSize }: FlowWindow): Promise<FlowCounts> {
    return withClient(async (client) => {
      const counted = await client.query<FlowRow>(
        `SELECT source, destination, namespace, name, topic, kind, count(*) AS records, count(*) FILTER (WHERE ok = false) AS not_ok,
                (array_agg(correlation_id ORDER BY ts, seq))[1] AS correlation_id
         FROM records WHERE ts >= $1 AND ts <= $2
         GROUP BY source, destination, namespace, name, topic, kind`,
        [fromMs, toMs],
      );
      const counts: FlowCount[] = counted.rows.map((row) => ({
        source: row.source,
        destination: row.destination,
        namespace: row.namespace,
        name: row.name,
        topic: row.topic,
        kind: row.kind,
        records: Number(row.records),
        notOk: Number(row.not_ok),
        correlationId: row.correlation_id,
      }));
      if (counts.length === 0) return { counts, sampleCorrelationIds: [] };
      // spread over the part of the window that has records: the first correlation ids of evenly spaced slices
      const span = await client.query<{ first: string; last: string }>(
        'SELECT (SELECT min(ts) FROM records WHERE ts >= $1 AND ts <= $2) AS first, (SELECT max(ts) FROM records WHERE ts >= $1 AND ts <= $2) AS last',
        [fromMs, toMs],
      );
      const firstMs = Number(span.rows[0]?.first ?? fromMs);
      const lastMs = Number(span.rows[0]?.last ?? toMs);
      const slices = Math.max(1, Math.min(20, sampleSize));
      const perSlice = Math.ceil(sampleSize / slices);
      const sample = new Set<string>();
      const step = (lastMs + 1 - firstMs) / slices;
      for (let i = 0; i < slices && sample.size < sampleSize; i++) {
        const { rows } = await client.query<{ correlation_id: string }>(
          `SELECT correlation_id FROM (
             SELECT correlation_id, min(ts) AS first_ts FROM (
               SELECT correlation_id, ts FROM records WHERE ts >= $1 AND ts < $2 AND correlation_id IS NOT NULL ORDER BY ts, seq LIMIT $3 * 4
             ) AS early GROUP BY correlation_id
           ) AS ids ORDER BY first_ts LIMIT $3`,
          [firstMs + Math.floor(i * step), firstMs + Math.floor((i + 1) * step), perSlice],
        );
        for (const row of rows) sample.add(row.correlation_id);
      }
      return { counts, sampleCorrelationIds: [...sample].slice(0, sampleSize) };
    });
  }

  async function listTraces(query: TraceListQuery): Promise<TraceSummaryPage> {
    const compiled = compileTraceListQuery(query);
    const { rows } = await withClient((client) => client.query<TraceRow>(compiled.text, compiled.values));
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(toTraceSummary),
      nextCursor:
        rows.length > query.limit && last !== undefined
          ? Buffer.from(JSON.stringify([Number(last.started_ms), last.correlation_id])).toString('base64url')
          : null,
    };
  }

  async function sizeBytes(client: pg.PoolClient): Promise<number> {
    const size = await client.query<{ bytes: string | null }>(
      `SELECT sum(pg_total_relation_size(c.oid)) AS bytes FROM pg_class c
       WHERE c.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'records'::regclass)
          OR c.relname IN ('topic_counts', 'traces', 'trace_services')`,
    );
    return Number(size.rows[0]?.bytes ?? 0);
  }

  async function applyRetention(policy: RetentionPolicy): Promise<RetentionResult> {
    // one pass at a time across every instance sharing the database
    return withClient(async (client) => {
      const locked = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [retentionLock]);
      if (locked.rows[0]?.ok !== true) return { deletedRecords: 0, keptProtected: 0, sizeBytes: await sizeBytes(client), oldestRecordAt: null, skipped: true };
      try {
        const result = await applyPostgresRetention(client, policy, () => sizeBytes(client));
        knownDays.clear();
        return result;
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [retentionLock]);
      }
    });
  }

  let closed: Promise<void> | null = null;
  return {
    insertBatch,
    // each batch on a connection of its own: round trips and commits of different partitions overlap
    concurrentBatches: Math.max(1, Math.min(4, (options.poolSize ?? 10) - 2)),
    queryRecords,
    getRecord,
    getRawValue,
    stats,
    countFlows,
    listTraces,
    applyRetention,
    queryDeadLetters: (query) => withClient((client) => queryPostgresDeadLetters(client, query)),
    groupDeadLetters: (query) => withClient((client) => groupPostgresDeadLetters(client, query)),
    getDeadLetter: async (id) => {
      const key = parseId(id);
      return key === null ? null : withClient((client) => getPostgresDeadLetter(client, key));
    },
    close: () => (closed ??= pool.end()),
  };
}


interface FlowRow {
  source: string | null;
  destination: string | null;
  namespace: string | null;
  name: string | null;
  topic: string;
  kind: RecordKind;
  records: string;
  not_ok: string;
  correlation_id: string | null;
}

interface TraceRow {
  correlation_id: string;
  started_ms: string;
  ended_ms: string;
  record_count: string;
  error_count: string;
  root_name: string | null;
  services: string[];
  traceparent: string | null;
}

const insertColumnTypes = [
  ['ts', 'bigint'],
  ['topic', 'text'],
  ['kafka_partition', 'integer'],
  ['kafka_offset', 'bigint'],
  ['key', 'text'],
  ['key_base64', 'boolean'],
  ['headers', 'text'],
  ['header_match', 'jsonb'],
  ['kind', 'text'],
  ['format', 'text'],
  ['legacy', 'boolean'],
  ['eventy_type', 'text'],
  ['name', 'text'],
  ['namespace', 'text'],
  ['source', 'text'],
  ['destination', 'text'],
  ['uuid', 'text'],
  ['correlation_id', 'text'],
  ['request_uuid', 'text'],
  ['ok', 'boolean'],
  ['date_ms', 'bigint'],
  ['error', 'text'],
  ['warnings', 'text'],
  ['value_size', 'integer'],
  ['record', 'text'],
  ['raw', 'bytea'],
  ['raw_truncated', 'boolean'],
  ['search', 'text'],
] as const;

// one statement per batch: every column as one array parameter; RETURNING tells which rows were new
const insertSql = `
  INSERT INTO records (${insertColumnTypes.map(([name]) => name).join(', ')})
  SELECT ${insertColumnTypes.map(([name, type]) => (name === 'search' ? 'u.search::tsvector' : type === 'jsonb' ? `u.${name}::jsonb` : `u.${name}`)).join(', ')}
  FROM unnest(${insertColumnTypes.map(([, type], i) => `$${i + 1}::${type === 'jsonb' ? 'text' : type}[]`).join(', ')})
       AS u(${insertColumnTypes.map(([name]) => name).join(', ')})
  ON CONFLICT DO NOTHING
  RETURNING topic, kafka_partition, kafka_offset, ts, seq
`;

function toColumns(records: readonly IngestedRecord[], maxRawBytes: number, previewBytes: number): { arrays: unknown[][] } {
  const arrays: unknown[][] = insertColumnTypes.map(() => []);
  for (const { message, decoded } of records) {
    // PostgreSQL text cannot hold NUL: such keys are stored in their base64 form
    const keyIsText = message.key === null || (isUtf8(message.key) && !message.key.includes(0));
    const keyText = keyIsText ? kafkaKeyText(message.key) : `base64:${message.key!.toString('base64')}`;
    const size = message.value?.length ?? 0;
    const truncated = message.value !== null && size > maxRawBytes;
    const raw = truncated ? message.value!.subarray(0, previewBytes) : message.value;
    const record = decoded.kind === 'undecodable' ? null : decoded.record;
    const search = tsvectorLiteral(extractSearchText(decoded, keyIsText ? keyText : null, raw).slice(0, maxVectorChars));
    const row: unknown[] = [
      storedTimestamp(message.timestamp),
      message.topic,
      message.partition,
      message.offset,
      keyText,
      !keyIsText,
      JSON.stringify(message.headers),
      headerMatchJson(message.headers),
      decoded.kind,
      decoded.format,
      decoded.kind !== 'undecodable' && decoded.legacy,
      record?.type ?? null,
      textOrNull(record?.name),
      textOrNull(record?.namespace),
      textOrNull(record?.source),
      textOrNull(record?.destination),
      textOrNull(record?.uuid),
      textOrNull(record?.correlation_id),
      textOrNull(record?.request_uuid),
      typeof record?.ok === 'boolean' ? record.ok : null,
      decoded.kind === 'undecodable' ? null : (decoded.dateMs ?? null),
      decoded.kind === 'undecodable' ? decoded.reason : null,
      decoded.kind === 'undecodable' ? null : JSON.stringify(decoded.warnings),
      size,
      record === null ? null : recordJson(record),
      raw,
      truncated,
      search,
    ];
    row.forEach((value, i) => arrays[i]!.push(value));
  }
  return { arrays };
}

/** The headers as the header filter matches them (jsonb cannot hold NUL, which is dropped here only). */
function headerMatchJson(headers: readonly KafkaHeader[]): string {
  return JSON.stringify(headers.map((h) => ({ key: h.key.replaceAll('\u0000', ''), value: h.value.replaceAll('\u0000', '') })));
}


function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value.replaceAll('\u0000', '') : null;
}

function recordJson(record: EventyRecord): string {
  try {
    return JSON.stringify(record);
  } catch {
    return JSON.stringify(record, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  }
}

async function addTopicCounts(client: pg.PoolClient, records: readonly IngestedRecord[]): Promise<void> {
  const counts = new Map<string, { records: number; undecodable: number }>();
  for (const { message, decoded } of records) {
    const count = counts.get(message.topic) ?? { records: 0, undecodable: 0 };
    count.records++;
    if (decoded.kind === 'undecodable') count.undecodable++;
    counts.set(message.topic, count);
  }
  if (counts.size === 0) return;
  // sorted: two collectors updating the same topics lock them in the same order (no deadlock)
  const topics = [...counts.keys()].sort();
  await client.query(
    `INSERT INTO topic_counts (topic, records, undecodable)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[])
     ON CONFLICT (topic) DO UPDATE SET records = topic_counts.records + excluded.records, undecodable = topic_counts.undecodable + excluded.undecodable`,
    [topics, topics.map((t) => counts.get(t)!.records), topics.map((t) => counts.get(t)!.undecodable)],
  );
}


/** One upsert for every correlation of the batch, then its services' index rows under the trace's current start. */
async function addTraceSummaries(client: pg.PoolClient, records: readonly IngestedRecord[], deadLetterTopics: DeadLetterTopicsConfig): Promise<void> {
  const deltas = new Map<string, TraceDelta>();
  for (const record of records) {
    const fields = traceFieldsOf(record, storedTimestamp(record.message.timestamp), isDeadLetterTopic(record.message.topic, deadLetterTopics));
    if (fields !== null) addToTraceDeltas(deltas, fields);
  }
  if (deltas.size === 0) return;
  const ids = [...deltas.keys()].sort();
  const list = ids.map((id) => deltas.get(id)!);
  const { rows } = await client.query<{ correlation_id: string; started_ms: string; services: string[] }>(
    `INSERT INTO traces (correlation_id, started_ms, ended_ms, record_count, error_count, root_name, services, traceparent)
     SELECT u.id, u.started, u.ended, u.count, u.errors, u.root_name, string_to_array(u.services, '|'), u.traceparent
     FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::text[])
          AS u(id, started, ended, count, errors, root_name, services, traceparent)
     ON CONFLICT (correlation_id) DO UPDATE SET
       started_ms = least(traces.started_ms, excluded.started_ms),
       root_name = CASE WHEN excluded.started_ms < traces.started_ms THEN excluded.root_name ELSE traces.root_name END,
       ended_ms = greatest(traces.ended_ms, excluded.ended_ms),
       record_count = traces.record_count + excluded.record_count,
       error_count = traces.error_count + excluded.error_count,
       services = ARRAY(SELECT DISTINCT s FROM unnest(traces.services || excluded.services) AS s ORDER BY s),
       traceparent = coalesce(traces.traceparent, excluded.traceparent)
     RETURNING correlation_id, started_ms, services`,
    [
      ids,
      list.map((d) => d.started),
      list.map((d) => d.ended),
      list.map((d) => d.count),
      list.map((d) => d.errors),
      list.map((d) => d.rootName),
      list.map((d) => [...d.services].sort().join('|')),
      list.map((d) => d.traceparent),
    ],
  );
  const service: string[] = [];
  const started: string[] = [];
  const correlation: string[] = [];
  for (const row of rows) {
    for (const s of row.services) {
      if (s === '') continue;
      service.push(s);
      started.push(row.started_ms);
      correlation.push(row.correlation_id);
    }
  }
  if (service.length === 0) return;
  await client.query(
    `INSERT INTO trace_services (service, started_ms, correlation_id)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[]) ON CONFLICT DO NOTHING`,
    [service, started, correlation],
  );
}

const traceColumns = ['correlation_id', 'started_ms', 'ended_ms', 'record_count', 'error_count', 'root_name', 'services', 'traceparent']
  .map((c) => `t.${c}`)
  .join(', ');

/** As the SQLite store's trace query: newest start first on (started_ms, correlation_id), limit + 1 rows. */
function compileTraceListQuery(query: TraceListQuery): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where: string[] = [];
  const key = query.service === undefined ? 't' : 's';
  if (query.service !== undefined) where.push(`s.service = ${param(traceServiceName(query.service))}`);
  if (query.status === 'error') where.push('t.error_count > 0');
  if (query.status === 'ok') where.push('t.error_count = 0');
  if (query.minDurationMs !== undefined) {
    if (query.minDurationMs >= slowTraceMs) where.push(`t.ended_ms - t.started_ms >= ${slowTraceMs}`);
    where.push(`t.ended_ms - t.started_ms >= ${param(query.minDurationMs)}`);
  }
  if (query.from !== undefined) where.push(`${key}.started_ms >= ${param(Date.parse(query.from))}`);
  if (query.to !== undefined) where.push(`${key}.started_ms <= ${param(Date.parse(query.to))}`);
  if (query.cursor !== undefined) {
    const [startedMs, correlationId] = decodeTraceCursor(query.cursor);
    where.push(`(${key}.started_ms, ${key}.correlation_id) < (${param(startedMs)}, ${param(correlationId)})`);
  }
  const from =
    query.service === undefined
      ? 'traces AS t'
      : 'trace_services AS s JOIN traces AS t ON t.correlation_id = s.correlation_id AND t.started_ms = s.started_ms';
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  return {
    text: `SELECT ${traceColumns} FROM ${from} ${filter} ORDER BY ${key}.started_ms DESC, ${key}.correlation_id DESC LIMIT ${param(query.limit + 1)}`,
    values,
  };
}

function toTraceSummary(row: TraceRow): StoredTraceSummary {
  const started = Number(row.started_ms);
  const ended = Number(row.ended_ms);
  const errorCount = Number(row.error_count);
  return {
    correlationId: row.correlation_id,
    startedAt: isoOf(started),
    endedAt: isoOf(ended),
    durationMs: ended - started,
    recordCount: Number(row.record_count),
    services: row.services.filter((s) => s !== ''),
    rootName: row.root_name,
    status: errorCount > 0 ? 'error' : 'ok',
    errorCount,
    traceparent: row.traceparent,
  };
}



function parseId(id: string): [string, number, number] | null {
  const match = /^(.+):(\d{1,10}):(\d{1,19})$/.exec(id);
  if (match === null) return null;
  const partition = Number(match[2]);
  const offset = Number(match[3]);
  return Number.isSafeInteger(partition) && Number.isSafeInteger(offset) ? [match[1] as string, partition, offset] : null;
}

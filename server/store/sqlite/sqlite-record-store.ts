import fs from 'node:fs';
import path from 'node:path';
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import { defaultDeadLetterTopics } from '../../config/contract';
import type { DeadLetterTopicsConfig } from '../../deadletters/contract';
import { isDeadLetterTopic } from '../../deadletters/discovery';
import type { DeadLetterGroupPage, IngestedRecord, RecordPage, RecordQuery, RecordStore, RecordView, StoreStats, StoredDeadLetter, StoredDeadLetterPage, TraceListQuery, TraceSummaryPage, DeadLetterQuery } from '../contract';
import { compileDeadLetterGroups, compileDeadLetterPage, deadLetterByIdSql, encodeGroupCursor, toDeadLetterGroup, toStoredDeadLetter } from './dead-letter-query';
import { createDeadLetterWriter, syncDeadLetters } from './dead-letter-table';
import { createFlowCounter } from './flow-counts';
import { createSqliteRetention } from './retention';
import { compileRecordQuery, encodeCursor } from './record-query';
import { insertColumns, rowIdOf, toRecordRow, toRecordView, viewColumns, type RawLimits } from './record-row';
import { nextRowId, preferredRowId, storedTimestamp } from './row-keys';
import { openDatabase } from './schema';
import { extractSearchText } from './search-text';
import { compileTraceQuery, encodeTraceCursor, toTraceSummary } from './trace-query';
import { createTraceSummaryWriter, traceFieldsOf } from './trace-summaries';

export interface SqliteStoreOptions {
  dataDir: string;
  fileName?: string;
  /** values larger than this keep only their first `previewBytes` */
  maxRawBytes?: number;
  previewBytes?: number;
  /** which topics hold dead letters; LENS_DLQ_TOPICS' default when absent */
  deadLetters?: DeadLetterTopicsConfig;
}

const byId = 'WHERE topic = ? AND kafka_partition = ? AND kafka_offset = ?';

/**
 * The embedded record store: one SQLite file (WAL) with a contentless FTS5 index over payload text.
 * Calls are synchronous underneath (node:sqlite): a batch of 1,000 ~1 KB records holds the event loop ~40 ms.
 */
export function openSqliteRecordStore(options: SqliteStoreOptions): RecordStore {
  const fileName = options.fileName ?? 'records.sqlite';
  const limits: RawLimits = {
    maxRawBytes: options.maxRawBytes ?? 1024 * 1024,
    previewBytes: Math.min(options.previewBytes ?? 64 * 1024, options.maxRawBytes ?? Infinity),
  };
  // the data dir comes from configuration at run time; keep Turbopack from tracing the whole project
  const filePath = path.join(/*turbopackIgnore: true*/ options.dataDir, fileName);
  const db = openDatabase(options.dataDir, fileName);
  const deadLetterTopics = options.deadLetters ?? { pattern: defaultDeadLetterTopics, originalTopics: {} };
  try {
    syncDeadLetters(db, deadLetterTopics);
  } catch (error) {
    db.close();
    throw error;
  }

  const insertRecord = db.prepare(
    `INSERT INTO records (id, ${insertColumns.join(', ')}) VALUES (?, ${insertColumns.map(() => '?').join(', ')})
     ON CONFLICT DO NOTHING`,
  );
  const selectStored = db.prepare(`SELECT 1 FROM records ${byId}`);
  const insertText = db.prepare('INSERT INTO records_fts (rowid, body, ids) VALUES (?, ?, ?)');
  const addTopicCounts = db.prepare(
    `INSERT INTO topic_counts (topic, records, undecodable) VALUES (?, ?, ?)
     ON CONFLICT (topic) DO UPDATE SET records = records + excluded.records, undecodable = undecodable + excluded.undecodable`,
  );
  const selectRecord = db.prepare(`SELECT ${viewColumns} FROM records ${byId}`);
  const selectRaw = db.prepare(`SELECT raw, raw_truncated, value_size FROM records ${byId}`);
  const selectTopicCounts = db.prepare(
    'SELECT topic, records, undecodable FROM topic_counts WHERE records > 0 ORDER BY topic',
  );
  const pageStatements = new Map<string, StatementSync>();
  const countFlows = createFlowCounter(db);
  const applyRetention = createSqliteRetention(db, () => liveSizeBytes(db));
  const traceSummaries = createTraceSummaryWriter(db);
  const addDeadLetter = createDeadLetterWriter(db, deadLetterTopics);
  const selectDeadLetter = db.prepare(deadLetterByIdSql);

  function pageStatement(sql: string): StatementSync {
    let statement = pageStatements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      pageStatements.set(sql, statement);
    }
    return statement;
  }

  /** Inserts one row and returns its id, or null when this message is already stored. */
  function insertRecordRow({ message }: IngestedRecord, params: SQLInputValue[]): bigint | null {
    let id = preferredRowId(message.timestamp, message.topic, message.partition, message.offset);
    while (insertRecord.run(id, ...params).changes === 0) {
      if (selectStored.get(message.topic, message.partition, message.offset) !== undefined) return null;
      id = nextRowId(id); // another message of the same millisecond holds this id
    }
    return id;
  }

  function insertBatchNow(records: readonly IngestedRecord[]): number {
    let inserted = 0;
    const counts = new Map<string, { records: number; undecodable: number }>();
    const traces = traceSummaries();
    db.exec('BEGIN IMMEDIATE');
    try {
      for (const record of records) {
        const row = toRecordRow(record, limits);
        const id = insertRecordRow(record, row.params);
        if (id === null) continue;
        inserted++;
        const text = extractSearchText(record.decoded, row.keyIsText ? row.keyText : null, row.rawStored);
        insertText.run(id, text, row.lookupTokens);
        const count = counts.get(record.message.topic) ?? { records: 0, undecodable: 0 };
        count.records++;
        if (record.decoded.kind === 'undecodable') count.undecodable++;
        counts.set(record.message.topic, count);
        const traceFields = traceFieldsOf(record, storedTimestamp(record.message.timestamp), isDeadLetterTopic(record.message.topic, deadLetterTopics));
        if (traceFields !== null) traces.add(traceFields);
        addDeadLetter(id, record);
      }
      for (const [topic, count] of counts) addTopicCounts.run(topic, count.records, count.undecodable);
      traces.flush();
      db.exec('COMMIT');
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
    return inserted;
  }

  function queryNow(query: RecordQuery): RecordPage {
    const compiled = compileRecordQuery(query);
    if (compiled === null) return { items: [], nextCursor: null };
    const rows = pageStatement(compiled.sql).all(...compiled.params);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(toRecordView),
      nextCursor: rows.length > query.limit && last !== undefined ? encodeCursor(rowIdOf(last)) : null,
    };
  }

  function listTracesNow(query: TraceListQuery): TraceSummaryPage {
    const compiled = compileTraceQuery(query);
    const rows = pageStatement(compiled.sql).all(...compiled.params);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(toTraceSummary),
      nextCursor: rows.length > query.limit && last !== undefined ? encodeTraceCursor(last) : null,
    };
  }

  function queryDeadLettersNow(query: DeadLetterQuery): StoredDeadLetterPage {
    const compiled = compileDeadLetterPage(query);
    if (compiled === null) return { items: [], nextCursor: null };
    const rows = pageStatement(compiled.sql).all(...compiled.params);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(toStoredDeadLetter),
      nextCursor: rows.length > query.limit && last !== undefined ? encodeCursor(rowIdOf(last)) : null,
    };
  }

  function groupDeadLettersNow(query: DeadLetterQuery): DeadLetterGroupPage {
    const compiled = compileDeadLetterGroups(query);
    if (compiled === null) return { items: [], nextCursor: null };
    const rows = pageStatement(compiled.sql).all(...compiled.params);
    const offset = compiled.params.at(-1) as number;
    return {
      items: rows.slice(0, query.limit).map(toDeadLetterGroup),
      nextCursor: rows.length > query.limit ? encodeGroupCursor(offset + query.limit) : null,
    };
  }

  function getDeadLetterNow(id: string): StoredDeadLetter | null {
    const key = parseRecordId(id);
    const row = key === null ? undefined : selectDeadLetter.get(...key);
    return row === undefined ? null : toStoredDeadLetter(row);
  }

  function statsNow(): StoreStats {
    const topics = selectTopicCounts.all().map((row) => ({
      topic: row['topic'] as string,
      records: row['records'] as number,
      undecodable: row['undecodable'] as number,
    }));
    return {
      recordCount: topics.reduce((sum, topic) => sum + topic.records, 0),
      sizeBytes: fileSize(filePath) + fileSize(`${filePath}-wal`),
      topics,
    };
  }

  function getRecordNow(id: string): RecordView | null {
    const key = parseRecordId(id);
    const row = key === null ? undefined : selectRecord.get(...key);
    return row === undefined ? null : toRecordView(row);
  }

  function getRawValueNow(id: string): RawValue | null {
    const key = parseRecordId(id);
    const row = key === null ? undefined : selectRaw.get(...key);
    if (row === undefined) return null;
    const raw = row['raw'] as Uint8Array | null;
    return {
      bytes: raw === null ? Buffer.alloc(0) : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength),
      truncated: row['raw_truncated'] === 1,
      size: row['value_size'] as number,
    };
  }

  function closeNow(): void {
    if (db.isOpen) db.close();
  }

  return {
    insertBatch: (records) => settle(() => (records.length === 0 ? 0 : insertBatchNow(records))),
    // one writer: a second batch would only wait for the first
    concurrentBatches: 1,
    queryRecords: (query) => settle(() => queryNow(query)),
    getRecord: (id) => settle(() => getRecordNow(id)),
    getRawValue: (id) => settle(() => getRawValueNow(id)),
    stats: () => settle(statsNow),
    countFlows: (window) => countFlows(window),
    listTraces: (query) => settle(() => listTracesNow(query)),
    queryDeadLetters: (query) => settle(() => queryDeadLettersNow(query)),
    groupDeadLetters: (query) => settle(() => groupDeadLettersNow(query)),
    getDeadLetter: (id) => settle(() => getDeadLetterNow(id)),
    applyRetention: (policy) => applyRetention(policy),
    close: () => settle(closeNow),
  };
}

type RawValue = { bytes: Buffer; truncated: boolean; size: number };

/** Pages in use (free ones are reused before the file grows): what a size limit measures. */
function liveSizeBytes(db: DatabaseSync): number {
  const pages = Number(db.prepare('PRAGMA page_count').get()?.['page_count'] ?? 0);
  const free = Number(db.prepare('PRAGMA freelist_count').get()?.['freelist_count'] ?? 0);
  const size = Number(db.prepare('PRAGMA page_size').get()?.['page_size'] ?? 4096);
  return (pages - free) * size;
}

/** Runs synchronous SQLite work and hands over its result, or its error, as a promise. */
function settle<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => resolve(work()));
}

/** `topic:partition:offset`, read from the right so the topic part is whatever precedes. */
export function parseRecordId(id: string): [string, number, number] | null {
  const match = /^(.+):(\d{1,10}):(\d{1,19})$/.exec(id);
  if (match === null) return null;
  const partition = Number(match[2]);
  const offset = Number(match[3]);
  if (!Number.isSafeInteger(partition) || !Number.isSafeInteger(offset)) return null;
  return [match[1] as string, partition, offset];
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

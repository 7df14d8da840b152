import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { applyMigrations, latestVersion, type Migration, type MigrationPlan } from './migrate';
import { adjustTraceErrors, deadLetterErrorTrigger, deadLettersTable } from './dead-letter-table';
import { rebuildTextIndex } from './rebuild-text-index';
import { backfillTraceServices, backfillTraceSummaries, slowTracesIndex, traceServicesTable, tracesTable } from './trace-table';

/** Schema 1 lived only in development builds of this store (an autoincrement rowid); it has no upgrade. */
const firstVersion = 2;

/** Each entry upgrades the schema by one version, from `firstVersion`; `PRAGMA user_version` holds the current one. */
const migrations: readonly Migration[] = [
  `
  -- id: Kafka time × 2^21 + seq (row-keys.ts), so rowid order is timeline order
  CREATE TABLE records (
    id INTEGER PRIMARY KEY,
    topic TEXT NOT NULL,
    kafka_partition INTEGER NOT NULL,
    kafka_offset INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    key TEXT,
    key_base64 INTEGER NOT NULL DEFAULT 0,
    headers TEXT NOT NULL,
    kind TEXT NOT NULL,
    format TEXT NOT NULL,
    legacy INTEGER NOT NULL,
    eventy_type TEXT,
    name TEXT,
    namespace TEXT,
    source TEXT,
    destination TEXT,
    uuid TEXT,
    correlation_id TEXT,
    request_uuid TEXT,
    ok INTEGER,
    date_ms INTEGER,
    error TEXT,
    warnings TEXT,
    value_size INTEGER NOT NULL,
    record TEXT,
    raw BLOB,
    raw_truncated INTEGER NOT NULL DEFAULT 0,
    UNIQUE (topic, kafka_partition, kafka_offset)
  );
  -- index entries end with the rowid, so each serves "filter, newest first" and cursor ranges.
  -- Few distinct values each: new entries land on a few right-most pages, cheap to write.
  CREATE INDEX records_topic ON records (topic);
  CREATE INDEX records_source ON records (source) WHERE source IS NOT NULL;
  CREATE INDEX records_name ON records (name) WHERE name IS NOT NULL;
  -- decoded kinds are dense enough to scan for; undecodable ones are rare
  CREATE INDEX records_undecodable ON records (kind) WHERE kind = 'undecodable';

  -- body: payload words for q. ids: hashed tokens of uuid, correlation id and key (row-keys.ts; more since version 4);
  -- B-tree indexes on such random values rewrite ~1 page per row at commit, FTS5 segments do not.
  -- contentless: the text lives only in the index; contentless_delete lets a DELETE by rowid work.
  CREATE VIRTUAL TABLE records_fts USING fts5 (body, ids, content = '', contentless_delete = 1);
  -- merge 16 segments at a time, not 4: each token is rewritten fewer times (measured -30% FTS CPU);
  -- queries read more segments, which costs little as they stop at the page limit
  INSERT INTO records_fts (records_fts, rank) VALUES ('automerge', 16);
  INSERT INTO records_fts (records_fts, rank) VALUES ('crisismerge', 64);

  CREATE TABLE topic_counts (
    topic TEXT PRIMARY KEY,
    records INTEGER NOT NULL,
    undecodable INTEGER NOT NULL
  ) WITHOUT ROWID;

  -- insertBatch adds to topic_counts once per batch (a per-row trigger halved the insert rate);
  -- retention can delete from records alone and keep counts and the text index right
  CREATE TRIGGER records_uncounted AFTER DELETE ON records BEGIN
    UPDATE topic_counts SET records = records - 1, undecodable = undecodable - (old.kind = 'undecodable')
    WHERE topic = old.topic;
    DELETE FROM records_fts WHERE rowid = old.id;
  END;
  `,
  `
  -- version 2 ran PRAGMA optimize on open, which stored misleading statistics of empty tables
  DROP TABLE IF EXISTS sqlite_stat1;
  `,
  // version 4: the timeline's destination filter (its text-index rebuild moved to version 5, which
  // adds request-uuid tokens too: one rebuild, not two, for stores upgrading from version 3)
  `
  CREATE INDEX records_destination ON records (destination) WHERE destination IS NOT NULL;
  `,
  (db) => {
    // version 5: "source S, kind K" walks only K's entries of S, newest first (a service that never sends
    // K no longer reads every row of S to say so). records_source stays: source alone needs rowid order.
    db.exec('CREATE INDEX records_source_kind ON records (source, kind) WHERE source IS NOT NULL');
    // service, header and request-uuid tokens in the FTS `ids` for rows stored before
    rebuildTextIndex(db);
  },
  (db) => {
    // version 6: one summary row per correlation id for the trace list, kept by insertBatch (trace-summaries.ts)
    db.exec(tracesTable);
    backfillTraceSummaries(db);
  },
  (db) => {
    // version 7: the trace list's service filter walks one service's traces newest first (trace-table.ts)
    db.exec(traceServicesTable);
    backfillTraceServices(db);
  },
  // version 8: slow traces (minDurationMs of a second or more) without walking every short one
  `
  ${slowTracesIndex}
  `,
  // version 9: dead letters, kept by insertBatch and filled from stored records on open (dead-letter-table.ts); failed responses
  `
  ${deadLettersTable}
  `,
  (db) => {
    // version 10: dead letters are errors of their traces (the trace list's status), counted at ingest from now on
    db.exec(deadLetterErrorTrigger);
    adjustTraceErrors(db, 1);
  },
];

const plan: MigrationPlan = { what: 'record database', migrations, firstVersion };

export const schemaVersion = latestVersion(plan);

/** Opens (creating if needed) the database file and brings its schema up to date. */
export function openDatabase(dataDir: string, fileName: string): DatabaseSync {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(path.join(/*turbopackIgnore: true*/ dataDir, fileName));
  try {
    // takes effect only on a new file; 8 KiB pages measured ~25% faster inserts than 4 KiB
    db.exec('PRAGMA page_size = 8192');
    db.exec('PRAGMA journal_mode = WAL');
    // WAL + NORMAL: a commit is written to the WAL before COMMIT returns, so it survives a process
    // crash (kill -9); only an OS crash or power loss can drop the last commits (never corrupts).
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA busy_timeout = 5000');
    db.exec('PRAGMA temp_store = MEMORY');
    db.exec('PRAGMA cache_size = -65536');
    // checkpoint every 64 MiB of WAL, not 4 MiB: pages rewritten by several batches are copied once
    db.exec(`PRAGMA wal_autocheckpoint = ${(64 * 1024 * 1024) / pageSize(db)}`);
    db.exec('PRAGMA journal_size_limit = 67108864');
    // no ANALYZE / PRAGMA optimize: statistics taken while the tables were small made SQLite scan
    // FTS5's whole data table on each segment merge later (280 MB read per batch at 200k rows)
    applyMigrations(db, plan);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function pageSize(db: DatabaseSync): number {
  return Number(db.prepare('PRAGMA page_size').get()?.['page_size'] ?? 4096);
}

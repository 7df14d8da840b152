import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** Each entry upgrades the schema by one version; `PRAGMA user_version` holds how many have run. */
const migrations: readonly string[] = [
  `
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
  -- rowid is the implicit last column of every index, so each one below serves
  -- "filter, newest first" in (ts DESC, id DESC) order without a sort
  CREATE INDEX records_ts ON records (ts);
  CREATE INDEX records_topic_ts ON records (topic, ts);
  CREATE INDEX records_source_ts ON records (source, ts) WHERE source IS NOT NULL;
  CREATE INDEX records_name_ts ON records (name, ts) WHERE name IS NOT NULL;
  CREATE INDEX records_kind_ts ON records (kind, ts);
  CREATE INDEX records_key_ts ON records (key, ts) WHERE key IS NOT NULL;
  CREATE INDEX records_correlation_ts ON records (correlation_id, ts) WHERE correlation_id IS NOT NULL;
  CREATE INDEX records_uuid ON records (uuid) WHERE uuid IS NOT NULL;

  -- contentless: the text lives only in the index; contentless_delete lets a DELETE by rowid work
  CREATE VIRTUAL TABLE records_fts USING fts5 (body, content = '', contentless_delete = 1);

  CREATE TABLE topic_counts (
    topic TEXT PRIMARY KEY,
    records INTEGER NOT NULL,
    undecodable INTEGER NOT NULL
  ) WITHOUT ROWID;

  CREATE TRIGGER records_counted AFTER INSERT ON records BEGIN
    INSERT INTO topic_counts (topic, records, undecodable) VALUES (new.topic, 1, new.kind = 'undecodable')
    ON CONFLICT (topic) DO UPDATE SET records = records + 1, undecodable = undecodable + excluded.undecodable;
  END;

  -- retention can then delete from records alone and keep counts and the text index right
  CREATE TRIGGER records_uncounted AFTER DELETE ON records BEGIN
    UPDATE topic_counts SET records = records - 1, undecodable = undecodable - (old.kind = 'undecodable')
    WHERE topic = old.topic;
    DELETE FROM records_fts WHERE rowid = old.id;
  END;
  `,
];

export const schemaVersion = migrations.length;

/** Opens (creating if needed) the database file and brings its schema up to date. */
export function openDatabase(dataDir: string, fileName: string): DatabaseSync {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(path.join(dataDir, fileName));
  try {
    db.exec('PRAGMA journal_mode = WAL');
    // WAL + NORMAL: a commit is written to the WAL before COMMIT returns, so it survives a process
    // crash (kill -9); only an OS crash or power loss can drop the last commits (never corrupts).
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA busy_timeout = 5000');
    db.exec('PRAGMA temp_store = MEMORY');
    db.exec('PRAGMA cache_size = -32000');
    db.exec('PRAGMA journal_size_limit = 67108864');
    migrate(db);
    db.exec('PRAGMA optimize = 0x10002');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: DatabaseSync): void {
  const row = db.prepare('PRAGMA user_version').get();
  const current = Number(row?.['user_version'] ?? 0);
  if (current > migrations.length) {
    throw new Error(`record database has schema version ${current}, newer than this build knows (${migrations.length})`);
  }
  for (let version = current; version < migrations.length; version++) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(migrations[version] ?? '');
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
}

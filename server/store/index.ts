import type { DeadLetterTopicsConfig } from '../deadletters/contract';
import type { RecordStore } from './contract';
import { openPostgresRecordStore } from './postgres/postgres-record-store';
import { openSqliteRecordStore } from './sqlite/sqlite-record-store';

export interface RecordStoreOptions {
  /** directory of the embedded SQLite file */
  dataDir: string;
  /** a shared PostgreSQL database instead (LENS_DATABASE_URL) */
  databaseUrl?: string | undefined;
  /** which topics hold dead letters (config.deadLetters) */
  deadLetters?: DeadLetterTopicsConfig;
}

/** The record store the configuration asks for: PostgreSQL when a database URL is set, else the SQLite file under `dataDir`. */
export function openRecordStore({ databaseUrl, ...options }: RecordStoreOptions): RecordStore {
  if (databaseUrl !== undefined) return openPostgresRecordStore({ url: databaseUrl, ...(options.deadLetters ? { deadLetters: options.deadLetters } : {}) });
  return openSqliteRecordStore(options);
}

export { openSqliteRecordStore, type SqliteStoreOptions } from './sqlite/sqlite-record-store';
export { InvalidCursorError } from './contract';
export type { RecordStore, RecordView, RecordQuery, RecordPage, StoreStats, IngestedRecord, DeadLetterQuery, StoredDeadLetter } from './contract';
export { applyMigrations, openSmallSqliteFile, type Migration, type MigrationPlan } from './sqlite/migrate';
export { createPostgresRecordFeed, type RecordFeed } from './postgres/record-feed';
export { createRetentionScheduler, type RetentionScheduler, type RetentionStatus } from './retention';

import type { DeadLetterTopicsConfig } from '../deadletters/contract';
import type { RecordStore } from './contract';
import { openSqliteRecordStore } from './sqlite/sqlite-record-store';

export interface RecordStoreOptions {
  /** directory of the embedded SQLite file */
  dataDir: string;
  /** which topics hold dead letters (config.deadLetters) */
  deadLetters?: DeadLetterTopicsConfig;
}

/** The record store the configuration asks for; today the embedded SQLite file under `dataDir`. */
export function openRecordStore(options: RecordStoreOptions): RecordStore {
  return openSqliteRecordStore(options);
}

export { openSqliteRecordStore, type SqliteStoreOptions } from './sqlite/sqlite-record-store';
export { InvalidCursorError } from './contract';
export type { RecordStore, RecordView, RecordQuery, RecordPage, StoreStats, IngestedRecord, DeadLetterQuery, StoredDeadLetter } from './contract';
export { applyMigrations, type Migration, type MigrationPlan } from './sqlite/migrate';

import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** One schema step: SQL, or code for what SQL alone cannot do (e.g. rebuilding an index from stored rows). */
export type Migration = string | ((db: DatabaseSync) => void);

export interface MigrationPlan {
  /** names the database in errors, e.g. "record database" */
  what: string;
  /** `migrations[i]` brings the schema to version `firstVersion + i` */
  migrations: readonly Migration[];
  /** versions below it (other than 0, a new file) were development builds with no upgrade */
  firstVersion: number;
}

export function latestVersion(plan: MigrationPlan): number {
  return plan.firstVersion + plan.migrations.length - 1;
}

/** Brings `PRAGMA user_version` up to the plan's latest version, one transaction per step. */
export function applyMigrations(db: DatabaseSync, plan: MigrationPlan): void {
  const latest = latestVersion(plan);
  const current = Number(db.prepare('PRAGMA user_version').get()?.['user_version'] ?? 0);
  if (current > latest) throw new Error(`${plan.what} has schema version ${current}, newer than this build knows (${latest})`);
  if (current > 0 && current < plan.firstVersion) {
    throw new Error(`${plan.what} has development schema ${current}; move the file away to start a new one`);
  }
  for (let version = Math.max(current, plan.firstVersion - 1); version < latest; version++) {
    db.exec('BEGIN IMMEDIATE');
    try {
      const migration = plan.migrations[version - plan.firstVersion + 1] ?? '';
      if (typeof migration === 'string') db.exec(migration);
      else migration(db);
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
}

export interface SmallSqliteFileOptions {
  /** NORMAL survives a crash of the app (kill -9); FULL also a power cut, at an fsync per commit */
  synchronous: 'NORMAL' | 'FULL';
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) one of the small SQLite files beside the record store (lag history, audit,
 * requeue and park logs) in WAL mode and brings its schema up to date; closed again if that fails.
 */
export function openSmallSqliteFile(dataDir: string, fileName: string, plan: MigrationPlan, options: SmallSqliteFileOptions): DatabaseSync {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(path.join(/*turbopackIgnore: true*/ dataDir, fileName));
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec(`PRAGMA synchronous = ${options.synchronous}`);
    db.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    applyMigrations(db, plan);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

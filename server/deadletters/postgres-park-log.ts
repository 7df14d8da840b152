import { createParkLog, type ParkLog } from './park-log';
import { openPostgresLogEngine } from './postgres-log-engine';

export interface PostgresParkLogOptions {
  url: string;
  /** an existing schema to keep the table in (tests use one each) */
  schema?: string;
}

/**
 * The park log in the shared PostgreSQL database (LENS_DATABASE_URL): every dashboard instance sees every park, and
 * the table's unique key keeps one park per record and group across instances. The same SQL as the SQLite file's.
 */
export function openPostgresParkLog(options: PostgresParkLogOptions): ParkLog {
  return createParkLog(openPostgresLogEngine({ ...options, applicationName: 'eventy-lens-parks' }));
}

/**
 * The storage under the requeue/replay log and its jobs: a SQLite file of one instance, or the PostgreSQL database every
 * instance shares. The log's SQL is written once (requeue-log.ts, job-store.ts) with `?` placeholders; an engine runs
 * it, gives transactions, and gives *holds*: a token that names a live sender, so a row it marked with the token is
 * known to be in live hands (any other process leaves it alone) until the hold ends or its process dies.
 */

export type SqlValue = string | number | null;

export interface SqlRunner {
  all<T extends object>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** answers the number of rows changed */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export interface Hold {
  /** a number in text (PostgreSQL's bigint does not fit a JS number) */
  token: string;
  /** statements on the hold's own connection, each committed on its own */
  sql: SqlRunner;
  /** one write transaction on the hold's connection */
  transaction<T>(work: (sql: SqlRunner) => Promise<T>): Promise<T>;
}

export interface LogEngine {
  engine: 'sqlite' | 'postgres';
  /** statements outside any hold, each committed on its own */
  sql: SqlRunner;
  /** one write transaction (waits for others that write the same rows) */
  transaction<T>(work: (sql: SqlRunner) => Promise<T>): Promise<T>;
  /** runs `work` with a token that stays live until `work` settles (or the process dies) */
  hold<T>(work: (hold: Hold) => Promise<T>): Promise<T>;
  /**
   * A SQL condition true when the token in `column` names no live hold: null, left by a process that died, or by a
   * hold that ended. PostgreSQL tries the token's advisory lock, which its live hold keeps; SQLite knows its own holds.
   */
  freeHolder(column: string): string;
  close(): Promise<void>;
}

/** `IN (?, ?, …)` for `count` values. */
export const placeholders = (count: number): string => `(${Array.from({ length: count }, () => '?').join(', ')})`;

const chunkSize = 500;
export function chunks<T>(items: readonly T[], size = chunkSize): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

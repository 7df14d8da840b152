import { randomInt } from 'node:crypto';
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import { openSmallSqliteFile, type MigrationPlan } from '../store';
import type { Hold, LogEngine, SqlRunner } from './log-engine';

/**
 * The requeue log's engine on a SQLite file of this instance (`requeue-log.sqlite`, synchronous=FULL: a claim must
 * survive a power cut, it is all that stops a second produce). One connection: statements and transactions are
 * serialized, so a transaction that awaits between its statements never takes in another caller's writes.
 */
export function openSqliteLogEngine(dataDir: string, fileName: string, plan: MigrationPlan): LogEngine & { db: DatabaseSync } {
  const db = openSmallSqliteFile(dataDir, fileName, plan, { synchronous: 'FULL', busyTimeoutMs: 10000 });
  const statements = new Map<string, StatementSync>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      // conditions on live holds put their tokens in the text: keep the cache from growing with them
      if (statements.size >= 256) statements.clear();
      statements.set(sql, (statement = db.prepare(sql)));
    }
    return statement;
  };
  const direct: SqlRunner = {
    all: <T extends object>(sql: string, params: readonly SQLInputValue[] = []) => Promise.resolve(prepare(sql).all(...params) as T[]),
    run: (sql, params = []) => Promise.resolve(Number(prepare(sql).run(...params).changes)),
  };
  let queue: Promise<unknown> = Promise.resolve();
  /** runs `work` after every earlier caller's work settled */
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work);
    queue = result.catch(() => undefined);
    return result;
  };
  const transaction = <T>(work: (sql: SqlRunner) => Promise<T>): Promise<T> =>
    serial(async () => {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(direct);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.isTransaction) db.exec('ROLLBACK');
        throw error;
      }
    });
  const sql: SqlRunner = {
    all: (text, params) => serial(() => direct.all(text, params)),
    run: (text, params) => serial(() => direct.run(text, params)),
  };
  // tokens of this process's live holds; random, so a token a crashed process left in the file is not taken for one of ours
  const live = new Set<number>();
  return {
    engine: 'sqlite',
    db,
    sql,
    transaction,
    async hold<T>(work: (hold: Hold) => Promise<T>): Promise<T> {
      let token = randomInt(1, 2 ** 47);
      while (live.has(token)) token = randomInt(1, 2 ** 47);
      live.add(token);
      try {
        return await work({ token: String(token), sql, transaction });
      } finally {
        live.delete(token);
      }
    },
    freeHolder: (column) => (live.size === 0 ? 'TRUE' : `(${column} IS NULL OR ${column} NOT IN (${[...live].join(', ')}))`),
    close: () => serial(() => Promise.resolve(db.close())),
  };
}

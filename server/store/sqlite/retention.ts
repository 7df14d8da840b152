import type { DatabaseSync } from 'node:sqlite';
import type { RetentionPolicy, RetentionResult } from '../retention-contract';
import { firstIdAt } from './row-keys';

const dayMs = 86_400_000;
/** Timestamps before this (Kafka's -1 "none", clock accidents) are never judged by age, as in the PostgreSQL store. */
const judgedFrom = Date.UTC(2000, 0, 1);
const judgedUntil = Date.UTC(2100, 0, 1);
/** rows per delete transaction: the event loop (ingest, requests) runs between chunks */
const chunkRows = 5_000;

/**
 * Retention in SQLite deletes rows, oldest first, in chunks; the delete triggers keep topic counts, the text index,
 * trace summaries and dead letters right. By age, whole days go (as the PostgreSQL store drops day partitions);
 * by size, the oldest day goes while the live pages (freed pages are reused, the file does not shrink) exceed the limit.
 */
export function createSqliteRetention(db: DatabaseSync, sizeBytes: () => number): (policy: RetentionPolicy) => Promise<RetentionResult> {
  // this connection's own table of protected ids, filled per pass
  db.exec('CREATE TEMP TABLE IF NOT EXISTS retention_keep (topic TEXT, kafka_partition INTEGER, kafka_offset INTEGER, PRIMARY KEY (topic, kafka_partition, kafka_offset)) WITHOUT ROWID');
  const addKept = db.prepare('INSERT OR IGNORE INTO temp.retention_keep VALUES (?, ?, ?)');
  const notKept = 'NOT EXISTS (SELECT 1 FROM temp.retention_keep k WHERE k.topic = records.topic AND k.kafka_partition = records.kafka_partition AND k.kafka_offset = records.kafka_offset)';
  const deleteChunk = db.prepare(`DELETE FROM records WHERE id IN (SELECT id FROM records WHERE id >= ? AND id < ? AND ${notKept} LIMIT ${chunkRows})`);
  const countKept = db.prepare(`SELECT count(*) AS n FROM records WHERE id >= ? AND id < ? AND NOT ${notKept}`);
  const oldestJudged = db.prepare('SELECT min(id) >> 21 AS ts FROM records WHERE id >= ? AND id < ?');
  const newestJudged = db.prepare('SELECT max(id) >> 21 AS ts FROM records WHERE id >= ? AND id < ?');
  const oldest = db.prepare('SELECT ts FROM records ORDER BY id LIMIT 1');

  /** Deletes the unprotected rows of [from, to) Kafka time; returns how many went and how many protected ones stayed. */
  async function deleteRange(fromMs: number, toMs: number): Promise<{ deleted: number; kept: number }> {
    const [low, high] = [firstIdAt(fromMs), firstIdAt(toMs)];
    let deleted = 0;
    for (;;) {
      db.exec('BEGIN IMMEDIATE');
      let changes: number;
      try {
        changes = Number(deleteChunk.run(low, high).changes);
        db.exec('COMMIT');
      } catch (error) {
        if (db.isTransaction) db.exec('ROLLBACK');
        throw error;
      }
      deleted += changes;
      if (changes < chunkRows) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { deleted, kept: Number(countKept.get(low, high)?.['n'] ?? 0) };
  }

  return async (policy) => {
    const now = policy.now ?? Date.now();
    db.exec('BEGIN');
    db.exec('DELETE FROM temp.retention_keep');
    try {
      for (const id of policy.keep) {
        const match = /^(.+):(\d{1,10}):(\d{1,19})$/.exec(id);
        if (match !== null) addKept.run(match[1] as string, Number(match[2]), Number(match[3]));
      }
      db.exec('COMMIT');
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
    let deleted = 0;
    let kept = 0;
    if (policy.maxAgeMs !== null) {
      const cutoff = Math.min(Math.floor((now - policy.maxAgeMs) / dayMs) * dayMs, judgedUntil);
      if (cutoff > judgedFrom) {
        const result = await deleteRange(judgedFrom, cutoff);
        deleted += result.deleted;
        kept += result.kept;
      }
    }
    if (policy.maxBytes !== null) {
      const newest = newestJudged.get(firstIdAt(judgedFrom), firstIdAt(judgedUntil))?.['ts'] as number | null | undefined;
      const newestDay = newest === null || newest === undefined ? null : Math.floor(newest / dayMs) * dayMs;
      let from = judgedFrom;
      while (newestDay !== null && sizeBytes() > policy.maxBytes) {
        const first = oldestJudged.get(firstIdAt(from), firstIdAt(newestDay))?.['ts'] as number | null | undefined;
        if (first === null || first === undefined) break;
        const day = Math.floor(first / dayMs) * dayMs;
        const result = await deleteRange(day, day + dayMs);
        deleted += result.deleted;
        kept += result.kept;
        from = day + dayMs;
      }
    }
    db.exec('DELETE FROM temp.retention_keep');
    const oldestTs = oldest.get()?.['ts'] as number | undefined;
    return { deletedRecords: deleted, keptProtected: kept, sizeBytes: sizeBytes(), oldestRecordAt: oldestTs === undefined ? null : new Date(oldestTs).toISOString() };
  };
}

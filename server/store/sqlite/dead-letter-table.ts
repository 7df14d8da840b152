import type { DatabaseSync } from 'node:sqlite';
import type { DeadLetterTopicsConfig } from '../../deadletters/contract';
import { failedAgainCount, isDeadLetterTopic, parseProvenance } from '../../deadletters/discovery';
import { fingerprint } from '../../deadletters/fingerprint';
import type { IngestedRecord, RecordView } from '../contract';
import { toRecordView, viewColumns } from './record-row';
import { storedTimestamp } from './row-keys';

/**
 * Schema 9: one row per stored record of a dead-letter topic, keyed by the record's row id (so id order
 * is time order here too), with what discovery read from it. Rows come from insertBatch, and on open
 * from the stored records whenever the dead-letter settings differ from those the table was built with.
 * IF NOT EXISTS: tests downgrade a store by dropping only the tables of the versions they replay.
 * Failed responses get a small partial index: `ok=false` walks them alone, newest first.
 */
export const deadLettersTable = `
  CREATE TABLE IF NOT EXISTS dead_letters (
    record_id INTEGER PRIMARY KEY,
    dlq_topic TEXT NOT NULL,
    convention TEXT NOT NULL,
    original_topic TEXT,
    original_partition INTEGER,
    original_offset INTEGER,
    original_ts INTEGER,
    error_class TEXT,
    error_message TEXT,
    fingerprint TEXT NOT NULL,
    fingerprint_text TEXT NOT NULL,
    failed_again INTEGER NOT NULL,
    failed_at INTEGER NOT NULL,
    consumer_group TEXT
  );
  -- covers the grouping (a scan of this index, no table reads); the fingerprint alone serves one group's list newest first
  CREATE INDEX IF NOT EXISTS dead_letters_group ON dead_letters (fingerprint, dlq_topic, original_topic, failed_at);
  CREATE INDEX IF NOT EXISTS dead_letters_fingerprint ON dead_letters (fingerprint);
  CREATE INDEX IF NOT EXISTS dead_letters_original ON dead_letters (original_topic);
  CREATE INDEX IF NOT EXISTS dead_letters_dlq ON dead_letters (dlq_topic);

  -- the settings the table was filled under (LENS_DLQ_TOPICS, LENS_DLQ_ORIGINAL_TOPICS), one row
  CREATE TABLE IF NOT EXISTS dead_letter_settings (id INTEGER PRIMARY KEY CHECK (id = 1), settings TEXT NOT NULL);

  CREATE TRIGGER IF NOT EXISTS records_undead AFTER DELETE ON records BEGIN
    DELETE FROM dead_letters WHERE record_id = old.id;
  END;

  CREATE INDEX IF NOT EXISTS records_not_ok ON records (ok) WHERE ok = 0;
`;

const insertSql = `INSERT INTO dead_letters (record_id, dlq_topic, convention, original_topic, original_partition, original_offset,
  original_ts, error_class, error_message, fingerprint, fingerprint_text, failed_again, failed_at, consumer_group)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`;

/** What the dead-letter row of one record holds, positional in `insertSql` order after the row id. */
export function deadLetterParams(view: RecordView, config: DeadLetterTopicsConfig): (string | number | null)[] {
  const provenance = parseProvenance(view, config);
  const { fingerprint: hash, text } = fingerprint(provenance.errorClass, provenance.errorMessage);
  return [
    view.topic,
    provenance.convention,
    provenance.originalTopic,
    provenance.originalPartition,
    provenance.originalOffset,
    provenance.originalTimestamp === null ? null : Date.parse(provenance.originalTimestamp),
    provenance.errorClass,
    provenance.errorMessage,
    hash,
    text,
    failedAgainCount(view.headers),
    Date.parse(provenance.failedAt),
    provenance.consumerGroup,
  ];
}

/** The few fields of an ingested message that discovery reads, as a RecordView. */
export function viewOf({ message, decoded }: IngestedRecord): RecordView {
  return {
    id: `${message.topic}:${message.partition}:${message.offset}`,
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    timestamp: new Date(Math.min(Math.max(storedTimestamp(message.timestamp), -8.64e15), 8.64e15)).toISOString(),
    key: null,
    headers: message.headers,
    kind: decoded.kind,
    format: decoded.format,
    legacy: false,
    size: message.value?.length ?? 0,
  };
}

/** Adds the dead-letter row of an inserted record when its topic is a dead-letter topic: one cached regex test otherwise. */
export function createDeadLetterWriter(db: DatabaseSync, config: DeadLetterTopicsConfig): (rowId: bigint, record: IngestedRecord) => void {
  const insert = db.prepare(insertSql);
  return (rowId, record) => {
    if (!isDeadLetterTopic(record.message.topic, config)) return;
    insert.run(rowId, ...deadLetterParams(viewOf(record), config));
  };
}

export function settingsText(config: DeadLetterTopicsConfig): string {
  const pairs = Object.entries(config.originalTopics).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify({ pattern: config.pattern.source, flags: config.pattern.flags, originalTopics: pairs });
}

/**
 * Rebuilds dead_letters from the stored records when the settings changed (or on the first open after
 * schema 9): only the topics that match are read, through the topic index. Returns the rows written, or
 * null when the table was already up to date.
 */
export function syncDeadLetters(db: DatabaseSync, config: DeadLetterTopicsConfig): number | null {
  const wanted = settingsText(config);
  const stored = db.prepare('SELECT settings FROM dead_letter_settings WHERE id = 1').get()?.['settings'];
  if (stored === wanted) return null;
  const insert = db.prepare(insertSql);
  const topics = db.prepare('SELECT topic FROM topic_counts WHERE records > 0').all().map((row) => row['topic'] as string);
  const rows = db.prepare(`SELECT ${viewColumns} FROM records WHERE topic = ?`);
  let written = 0;
  db.exec('BEGIN IMMEDIATE');
  try {
    adjustTraceErrors(db, -1);
    db.exec('DELETE FROM dead_letters');
    for (const topic of topics.filter((name) => isDeadLetterTopic(name, config))) {
      for (const row of rows.iterate(topic)) {
        insert.run(BigInt(row['row_id'] as string), ...deadLetterParams(toRecordView(row), config));
        written++;
      }
    }
    adjustTraceErrors(db, 1);
    db.prepare('INSERT INTO dead_letter_settings (id, settings) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET settings = excluded.settings').run(wanted);
    db.exec('COMMIT');
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return written;
}

/**
 * Adds (1) or takes back (-1) the stored dead letters in their traces' error counts, those that are not failed
 * responses already (counted by their ok flag): around a rebuild of dead_letters, and once for stores from before schema 10.
 */
export function adjustTraceErrors(db: DatabaseSync, sign: 1 | -1): void {
  db.exec(`UPDATE traces SET error_count = error_count ${sign > 0 ? '+' : '-'} (
      SELECT count(*) FROM dead_letters d JOIN records r ON r.id = d.record_id WHERE r.correlation_id = traces.correlation_id AND r.ok IS NOT 0)
    WHERE correlation_id IN (SELECT r.correlation_id FROM dead_letters d JOIN records r ON r.id = d.record_id WHERE r.correlation_id IS NOT NULL)`);
}

/** Schema 10: a deleted dead letter takes its error out of its trace too (retention keeps the trace list right). */
export const deadLetterErrorTrigger = `
  DROP TRIGGER IF EXISTS records_undead;
  CREATE TRIGGER records_undead AFTER DELETE ON records BEGIN
    UPDATE traces SET error_count = error_count - 1
    WHERE correlation_id = old.correlation_id AND old.ok IS NOT 0 AND EXISTS (SELECT 1 FROM dead_letters WHERE record_id = old.id);
    DELETE FROM dead_letters WHERE record_id = old.id;
  END;
`;

import type { DatabaseSync } from 'node:sqlite';
import type { DecodedValue, EventyRecord, RecordKind, ValueFormat } from '../../decode/contract';
import type { KafkaHeader } from '../../kafka/contract';
import { createLogger } from '../../telemetry/logger';
import { lookupTokensOf } from './row-keys';
import { extractSearchText } from './search-text';

const log = createLogger('store');

/**
 * Rebuilds every FTS row (`body` and `ids`) from the stored columns, for a schema version that adds
 * tokens: `record` holds the decoded record, `raw` the bytes (or preview) that were indexed, `error`
 * the reason, `key`/`key_base64` the key, so the text equals what insertBatch indexed (JSON turned
 * NaN/Infinity into null, which indexed as words before). One pass in rowid order inside the
 * migration's transaction: an interrupted rebuild rolls back and runs again on the next open.
 */
export function rebuildTextIndex(db: DatabaseSync): void {
  const began = performance.now();
  const total = Number(db.prepare('SELECT count(*) AS n FROM records').get()?.['n'] ?? 0);
  // ~1 min per million records on a busy 2-core machine; the store opens only afterwards
  if (total > 0) log.info('rebuilding the text index for a new schema version', { records: total });
  db.exec("INSERT INTO records_fts (records_fts) VALUES ('delete-all')");
  const insert = db.prepare('INSERT INTO records_fts (rowid, body, ids) VALUES (?, ?, ?)');
  const rows = db.prepare(
    'SELECT CAST(id AS TEXT) AS id, key, key_base64, headers, kind, format, error, record, raw FROM records ORDER BY id',
  );
  let count = 0;
  for (const row of rows.iterate()) {
    const record = row['record'] === null ? null : (JSON.parse(row['record'] as string) as EventyRecord);
    const key = row['key'] as string | null;
    const raw = row['raw'] as Uint8Array | null;
    const decoded: DecodedValue =
      record === null
        ? { kind: 'undecodable', format: row['format'] as ValueFormat | 'unknown', reason: (row['error'] as string | null) ?? '' }
        : { kind: row['kind'] as Exclude<RecordKind, 'undecodable'>, format: row['format'] as ValueFormat, legacy: false, record, dateMs: null, warnings: [] };
    const body = extractSearchText(
      decoded,
      row['key_base64'] === 0 ? key : null,
      raw === null ? null : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength),
    );
    const ids = lookupTokensOf({
      uuid: record?.uuid ?? null,
      correlationId: record?.correlation_id ?? null,
    requestUuid: record?.request_uuid ?? null,
      key,
      source: record?.source ?? null,
      destination: record?.destination ?? null,
      headers: JSON.parse(row['headers'] as string) as KafkaHeader[],
    });
    insert.run(BigInt(row['id'] as string), body, ids);
    count++;
  }
  if (count > 0) log.info('rebuilt the text index', { records: count, ms: Math.round(performance.now() - began) });
}

import pg from 'pg';
import type { RecordView } from '../contract';
import { createLogger } from '../../telemetry/logger';
import { pgViewColumns } from './record-query';
import { toRecordView, type PgRow } from './record-view';
import { postgresConnection } from './schema';

const log = createLogger('record-feed');

/** The NOTIFY channel a committed batch is announced on. */
export const recordsChannel = 'eventy_lens_records';

/**
 * What a batch's notification says: the range of its sequence numbers and of its Kafka times. Other
 * transactions' rows may fall inside both ranges (identities interleave); listeners drop those they already sent.
 */
export interface BatchNotice {
  /** first and last seq */
  s: [string, string];
  /** first and last ts */
  t: [string, string];
}

export function batchNotice(rows: readonly { ts: string; seq: string }[]): BatchNotice {
  let [seqMin, seqMax, tsMin, tsMax] = [BigInt(rows[0]!.seq), BigInt(rows[0]!.seq), BigInt(rows[0]!.ts), BigInt(rows[0]!.ts)];
  for (const row of rows) {
    const seq = BigInt(row.seq);
    const ts = BigInt(row.ts);
    if (seq < seqMin) seqMin = seq;
    if (seq > seqMax) seqMax = seq;
    if (ts < tsMin) tsMin = ts;
    if (ts > tsMax) tsMax = ts;
  }
  return { s: [String(seqMin), String(seqMax)], t: [String(tsMin), String(tsMax)] };
}

export type FeedListener = (records: RecordView[]) => void;

export interface RecordFeed {
  /** records stored by any instance sharing the database, batch by batch, once each */
  onRecords(listener: FeedListener): () => void;
  close(): Promise<void>;
}

export interface RecordFeedOptions {
  url: string;
  schema?: string;
  /** wait before reconnecting after the listening connection broke (doubles up to 30 s) */
  reconnectMs?: number;
}

/**
 * Live records from PostgreSQL LISTEN/NOTIFY, so the live tail works whichever dashboard instance the browser
 * talks to. One listening connection per process, opened on the first subscriber. Batches committed while the
 * connection was down are not replayed here: the browser fetches what it missed through the page API on reconnect.
 */
export function createPostgresRecordFeed(options: RecordFeedOptions): RecordFeed {
  const listeners = new Set<FeedListener>();
  const reader = new pg.Pool({
    ...postgresConnection(options.url, 'eventy-lens-feed', options.schema),
    max: 2,
  });
  reader.on('error', () => undefined);
  const recent = new RecentIds(20_000);
  let client: pg.Client | null = null;
  let connecting: Promise<void> | null = null;
  let closed = false;
  let retryMs = options.reconnectMs ?? 1000;
  let chain = Promise.resolve();

  const fetchBatch = async (notice: BatchNotice): Promise<void> => {
    const { rows } = await reader.query<PgRow>(
      `SELECT ${pgViewColumns} FROM records WHERE ts BETWEEN $1 AND $2 AND seq BETWEEN $3 AND $4 ORDER BY seq`,
      [notice.t[0], notice.t[1], notice.s[0], notice.s[1]],
    );
    const fresh = rows.map(toRecordView).filter((view) => recent.add(view.id));
    if (fresh.length === 0) return;
    for (const listener of listeners) listener(fresh);
  };

  const connect = (): Promise<void> => {
    connecting ??= (async () => {
      const next = new pg.Client(postgresConnection(options.url, 'eventy-lens-feed', options.schema));
      next.on('notification', (message) => {
        if (message.channel !== recordsChannel || message.payload === undefined) return;
        const notice = JSON.parse(message.payload) as BatchNotice;
        // one batch at a time, in commit order
        chain = chain.then(() => fetchBatch(notice)).catch((error: unknown) => log.warn('cannot read a notified batch', { error }));
      });
      next.on('error', (error) => {
        log.warn('the live-record connection to PostgreSQL broke; reconnecting', { error });
        client = null;
        void next.end().catch(() => undefined);
        scheduleReconnect();
      });
      await next.connect();
      await next.query(`LISTEN ${recordsChannel}`);
      client = next;
      retryMs = options.reconnectMs ?? 1000;
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  };

  const scheduleReconnect = () => {
    if (closed || listeners.size === 0) return;
    setTimeout(() => {
      if (closed || client !== null) return;
      connect().catch((error: unknown) => {
        log.warn('cannot listen for live records in PostgreSQL', { error });
        retryMs = Math.min(retryMs * 2, 30_000);
        scheduleReconnect();
      });
    }, retryMs).unref();
  };

  return {
    onRecords(listener) {
      listeners.add(listener);
      if (client === null && connecting === null) {
        connect().catch((error: unknown) => {
          log.warn('cannot listen for live records in PostgreSQL', { error });
          scheduleReconnect();
        });
      }
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      listeners.clear();
      await connecting?.catch(() => undefined);
      await client?.end().catch(() => undefined);
      await reader.end();
    },
  };
}

/** The ids sent lately, oldest forgotten first, so overlapping batch ranges send each record once. */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity: number) {}
  /** false when the id was sent already */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value as string;
      this.ids.delete(oldest);
    }
    return true;
  }
}

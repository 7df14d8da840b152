import { afterAll, describe, expect, it } from 'vitest';
import type { RecordStore, RecordView } from '../contract';
import { postgresHarness } from '../contract-suite/store-harness';
import { decodedMessage, eventyRecord } from '../sqlite/record-fixtures';
import { createPostgresRecordFeed, type RecordFeed } from './record-feed';

const harness = postgresHarness();
const closing: (RecordStore | RecordFeed)[] = [];
afterAll(async () => {
  await Promise.all(closing.map((c) => c.close()));
  await harness.cleanup();
});

/** Collects what a feed delivers until `count` records arrived (or the wait ends). */
function collect(feed: RecordFeed): { records: RecordView[]; until(count: number): Promise<RecordView[]> } {
  const records: RecordView[] = [];
  let wake: () => void = () => undefined;
  feed.onRecords((batch) => {
    records.push(...batch);
    wake();
  });
  return {
    records,
    until: (count) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => resolve(records), 10_000);
        wake = () => {
          if (records.length >= count) {
            clearTimeout(timer);
            resolve(records);
          }
        };
        wake();
      }),
  };
}

describe('the PostgreSQL record feed (LISTEN/NOTIFY)', () => {
  it('delivers the records another instance stored, once each, and nothing of a failed batch', async () => {
    const { store: writer, at } = await harness.open();
    const { store: other } = await harness.open({ at });
    closing.push(writer, other);
    const feed = createPostgresRecordFeed({ url: process.env['LENS_TEST_DATABASE_URL']!, schema: at });
    closing.push(feed);
    const seen = collect(feed);
    await new Promise((resolve) => setTimeout(resolve, 500)); // LISTEN is issued on the first subscriber

    const broken = decodedMessage({ offset: 99 });
    broken.message.topic = null as unknown as string;
    await expect(writer.insertBatch([decodedMessage({ offset: 50 }), broken])).rejects.toThrow();

    // two instances writing at once: their sequence ranges may interleave
    const batchA = Array.from({ length: 40 }, (_, i) => decodedMessage({ offset: i }, eventyRecord({ uuid: `a-${i}` })));
    const batchB = Array.from({ length: 40 }, (_, i) => decodedMessage({ offset: i, partition: 1 }, eventyRecord({ uuid: `b-${i}` })));
    await Promise.all([writer.insertBatch(batchA), other.insertBatch(batchB)]);
    await writer.insertBatch(batchA); // already stored: no new records, no notice

    const records = await seen.until(80);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const ids = seen.records.map((r) => r.id);
    expect(ids).toHaveLength(80);
    expect(new Set(ids).size).toBe(80);
    expect(ids).not.toContain('orders-events:0:50');
    expect(records.find((r) => r.id === 'orders-events:1:7')?.record?.uuid).toBe('b-7');
  });
});

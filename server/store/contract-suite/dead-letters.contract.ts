import { describe, expect, it } from 'vitest';
import type { DeadLetterTopicsConfig } from '../../deadletters/contract';
import type { KafkaHeader } from '../../kafka/contract';
import { deadLetterQuerySchema, InvalidCursorError, recordQuerySchema, traceListQuerySchema, type IngestedRecord, type RecordStore } from '../contract';
import { recordMatchesQuery } from '../match-record';
import { baseTime, decodedMessage, eventyRecord, undecodableMessage } from '../sqlite/record-fixtures';
import { storesFor, type StoreHarness } from './store-harness';

/** Dead letters kept at ingest (flat, grouped by bug, by id) and the ok filter of failed responses. */
export function describeDeadLetters(harness: StoreHarness): void {
  const openStore = storesFor(harness);

  const utf8 = (key: string, value: string): KafkaHeader => ({ key, value, encoding: 'utf8' });
  function int64(key: string, value: number): KafkaHeader {
    const bytes = Buffer.alloc(8);
    bytes.writeBigInt64BE(BigInt(value));
    return { key, value: bytes.toString('base64'), encoding: 'base64' };
  }

  /** A record Spring Kafka dead-lettered from orders-events, failing on order `n`. */
  function springDeadLetter(offset: number, error: { fqcn: string; message: string }, extra: KafkaHeader[] = []): IngestedRecord {
    return decodedMessage(
      {
        topic: 'orders-events.DLT',
        offset,
        timestamp: baseTime + offset * 1000,
        key: `order-${offset}`,
        headers: [
          utf8('kafka_dlt-original-topic', 'orders-events'),
          utf8('kafka_dlt-original-partition', '\u0000\u0000\u0000\u0000'),
          int64('kafka_dlt-original-offset', 100 + offset),
          utf8('kafka_dlt-exception-fqcn', error.fqcn),
          utf8('kafka_dlt-exception-message', error.message),
          ...extra,
        ],
      },
      eventyRecord({ uuid: `dl-${offset}`, correlation_id: `corr-${offset}`, data: { order_id: `order-${offset}`, note: offset === 3 ? 'zanzibar' : 'plain' } }),
    );
  }

  const notFound = (n: number) => ({ fqcn: 'com.acme.OrderNotFound', message: `Order ${n} not found in 3f1e2d4c-0000-4000-8000-${String(n).padStart(12, '0')}` });
  const timeout = { fqcn: 'java.net.SocketTimeoutException', message: 'Read timed out after 30000 ms' };

  async function flat(store: RecordStore, filters: Record<string, unknown> = {}): Promise<string[]> {
    const page = await store.queryDeadLetters(deadLetterQuerySchema.parse(filters));
    return page.items.map((item) => item.id);
  }

  describe('dead letters', () => {
    it('keeps a row for records on dead-letter topics only, with their provenance, newest first', async () => {
      const store = await openStore();
      await store.insertBatch([
        decodedMessage({ offset: 0 }),
        springDeadLetter(1, notFound(1)),
        springDeadLetter(2, timeout, [utf8('eventy-lens-requeue-count', '2')]),
        undecodableMessage({ topic: 'dead-letters', offset: 0, timestamp: baseTime + 5000 }, Buffer.from('garbage')),
      ]);
      expect(await flat(store)).toEqual(['dead-letters:0:0', 'orders-events.DLT:0:2', 'orders-events.DLT:0:1']);
      const { items } = await store.queryDeadLetters(deadLetterQuerySchema.parse({ dlqTopic: 'orders-events.DLT' }));
      expect(items[0]).toMatchObject({
        id: 'orders-events.DLT:0:2',
        dlqTopic: 'orders-events.DLT',
        provenance: { convention: 'spring', originalTopic: 'orders-events', originalPartition: 0, originalOffset: 102, errorClass: timeout.fqcn, errorMessage: timeout.message, failedAt: new Date(baseTime + 2000).toISOString() },
        fingerprintText: 'Read timed out after <n> ms',
        failedAgain: 2,
        record: { id: 'orders-events.DLT:0:2', key: 'order-2', record: { uuid: 'dl-2' } },
      });
      expect(await store.getDeadLetter('orders-events.DLT:0:1')).toMatchObject({ failedAgain: 0, provenance: { originalOffset: 101 } });
      expect(await store.getDeadLetter('orders-events:0:0')).toBeNull();
      expect(await store.getDeadLetter('nope')).toBeNull();
      expect((await store.getDeadLetter('dead-letters:0:0'))?.provenance).toMatchObject({ convention: 'plain', originalTopic: null });
    });

    it('groups 50 failures of one bug into one row with count, first and last seen and the newest id', async () => {
      const store = await openStore();
      const bug = Array.from({ length: 50 }, (_, i) => springDeadLetter(i + 10, notFound(i * 7919)));
      await store.insertBatch([...bug.slice(0, 20), springDeadLetter(5, timeout)]);
      await store.insertBatch(bug.slice(20));
      const { items, nextCursor } = await store.groupDeadLetters(deadLetterQuerySchema.parse({}));
      expect(nextCursor).toBeNull();
      expect(items).toHaveLength(2);
      expect(items[0]).toEqual({
        fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) as unknown,
        fingerprintText: 'Order <n> not found in <uuid>',
        originalTopic: 'orders-events',
        dlqTopic: 'orders-events.DLT',
        errorClass: 'com.acme.OrderNotFound',
        sampleMessage: notFound(49 * 7919).message,
        count: 50,
        firstSeen: new Date(baseTime + 10_000).toISOString(),
        lastSeen: new Date(baseTime + 59_000).toISOString(),
        latestId: 'orders-events.DLT:0:59',
      });
      expect(items[1]).toMatchObject({ count: 1, errorClass: timeout.fqcn });
      const fingerprint = items[0]!.fingerprint;
      expect(await flat(store, { fingerprint, limit: 500 })).toHaveLength(50);
      const paged = await store.groupDeadLetters(deadLetterQuerySchema.parse({ limit: 1 }));
      expect(paged.items.map((g) => g.count)).toEqual([50]);
      const second = await store.groupDeadLetters(deadLetterQuerySchema.parse({ limit: 1, cursor: paged.nextCursor }));
      expect([second.items.map((g) => g.count), second.nextCursor]).toEqual([[1], null]);
    });

    it('filters by dead-letter fields and by record fields, and pages with a cursor', async () => {
      const store = await openStore();
      await store.insertBatch([springDeadLetter(1, notFound(1)), springDeadLetter(2, timeout), springDeadLetter(3, notFound(3)), springDeadLetter(4, notFound(4))]);
      expect(await flat(store, { errorClass: timeout.fqcn })).toEqual(['orders-events.DLT:0:2']);
      expect(await flat(store, { originalTopic: 'billing-events' })).toEqual([]);
      expect(await flat(store, { q: 'zanzibar' })).toEqual(['orders-events.DLT:0:3']);
      expect(await flat(store, { q: '***' })).toEqual([]);
      expect(await flat(store, { key: 'order-4' })).toEqual(['orders-events.DLT:0:4']);
      expect(await flat(store, { correlationId: 'corr-1' })).toEqual(['orders-events.DLT:0:1']);
      expect(await flat(store, { uuid: 'dl-2', name: 'OrderPlaced' })).toEqual(['orders-events.DLT:0:2']);
      const window = { from: new Date(baseTime + 2000).toISOString(), to: new Date(baseTime + 3000).toISOString() };
      expect(await flat(store, window)).toEqual(['orders-events.DLT:0:3', 'orders-events.DLT:0:2']);
      const groups = await store.groupDeadLetters(deadLetterQuerySchema.parse(window));
      expect(groups.items.map((g) => [g.errorClass, g.count])).toEqual([['com.acme.OrderNotFound', 1], [timeout.fqcn, 1]]);

      const first = await store.queryDeadLetters(deadLetterQuerySchema.parse({ limit: 3 }));
      expect(first.items).toHaveLength(3);
      const rest = await store.queryDeadLetters(deadLetterQuerySchema.parse({ limit: 3, cursor: first.nextCursor }));
      expect([rest.items.map((item) => item.id), rest.nextCursor]).toEqual([['orders-events.DLT:0:1'], null]);
      await expect(store.queryDeadLetters(deadLetterQuerySchema.parse({ cursor: 'not-a-cursor' }))).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(store.groupDeadLetters(deadLetterQuerySchema.parse({ cursor: 'not-a-cursor' }))).rejects.toBeInstanceOf(InvalidCursorError);
    });

    it('fills the table from stored records when the dead-letter settings change, and follows retention deletes', async () => {
      const never: DeadLetterTopicsConfig = { pattern: /^never$/, originalTopics: {} };
      const { store: first, at } = await harness.open({ deadLetters: never });
      await first.insertBatch([springDeadLetter(1, notFound(1)), decodedMessage({ topic: 'failed-payments', offset: 0 }), decodedMessage({ offset: 0 })]);
      expect(await flat(first)).toEqual([]);
      const errorsOfCorr1 = async (store: RecordStore) => (await store.listTraces(traceListQuerySchema.parse({}))).items.find((t) => t.correlationId === 'corr-1')?.errorCount;
      expect(await errorsOfCorr1(first)).toBe(0);
      await first.close();

      const custom: DeadLetterTopicsConfig = { pattern: /^failed-|\.DLT$/, originalTopics: { 'failed-payments': 'payments-events' } };
      const reopened = await openStore({ at, deadLetters: custom });
      expect(await flat(reopened)).toEqual(['orders-events.DLT:0:1', 'failed-payments:0:0']);
      expect((await reopened.getDeadLetter('failed-payments:0:0'))?.provenance.originalTopic).toBe('payments-events');
      // rebuilt under the new settings, the dead letters count as their traces' errors
      expect(await errorsOfCorr1(reopened)).toBe(1);
      await reopened.applyRetention({ maxAgeMs: 0, maxBytes: null, keep: ['orders-events.DLT:0:1'], now: baseTime + 2 * 86_400_000 });
      expect(await flat(reopened)).toEqual(['orders-events.DLT:0:1']);
    });

    it('counts a dead letter as an error of its trace in the list, once, and retention takes it back out', async () => {
      const store = await openStore();
      const day = 86_400_000;
      const original = decodedMessage({ offset: 7, timestamp: baseTime }, eventyRecord({ uuid: 'o-7', correlation_id: 'corr-X' }));
      const copy = decodedMessage(
        { topic: 'orders-events.DLT', offset: 0, timestamp: baseTime - 2 * day },
        eventyRecord({ uuid: 'o-7', correlation_id: 'corr-X' }),
      );
      const failedCopy = decodedMessage(
        { topic: 'orders-events.DLT', offset: 1, timestamp: baseTime },
        eventyRecord({ type: 'RESPONSE', uuid: 'r-9', correlation_id: 'corr-Y', ok: false, destination: 'urn:orders', request_uuid: 'q' }),
      );
      await store.insertBatch([original, copy, failedCopy]);
      const list = async (status?: string) => (await store.listTraces(traceListQuerySchema.parse(status ? { status } : {}))).items.map((t) => [t.correlationId, t.errorCount]);
      expect(await list('error')).toEqual([['corr-Y', 1], ['corr-X', 1]]);
      await store.applyRetention({ maxAgeMs: day, maxBytes: null, keep: [], now: baseTime });
      expect(await list('error')).toEqual([['corr-Y', 1]]);
      expect(await list()).toEqual([['corr-Y', 1], ['corr-X', 0]]);
    });

    it('adds nothing for a record stored twice', async () => {
      const store = await openStore();
      await store.insertBatch([springDeadLetter(1, notFound(1))]);
      expect(await store.insertBatch([springDeadLetter(1, notFound(1))])).toBe(0);
      expect((await store.groupDeadLetters(deadLetterQuerySchema.parse({}))).items.map((g) => g.count)).toEqual([1]);
    });
  });

  describe('the ok filter', () => {
    const response = (offset: number, ok: boolean | undefined) =>
      decodedMessage(
        { topic: 'billing-responses', offset },
        eventyRecord({ type: 'RESPONSE', uuid: `r-${offset}`, destination: 'urn:orders', request_uuid: 'q', ...(ok === undefined ? {} : { ok }) }),
      );
    const records = [decodedMessage({ offset: 0 }), response(1, false), response(2, true), response(3, false), response(4, undefined), undecodableMessage({ offset: 5 }, null)];

    it.each([{ ok: 'false' }, { ok: 'true' }, { ok: 'false', topic: 'billing-responses' }, { ok: 'false', q: 'order' }])('agrees with the live matcher for %o', async (filters) => {
      const store = await openStore();
      await store.insertBatch(records);
      const query = recordQuerySchema.parse(filters);
      const stored = (await store.queryRecords(query)).items.map((item) => item.id);
      const all = (await store.queryRecords(recordQuerySchema.parse({}))).items;
      expect(stored).toEqual(all.filter((view) => recordMatchesQuery(view, query)).map((view) => view.id));
      expect(stored.length).toBeGreaterThan(0);
    });

    it('lists failed responses only for ok=false', async () => {
      const store = await openStore();
      await store.insertBatch(records);
      expect((await store.queryRecords(recordQuerySchema.parse({ ok: 'false' }))).items.map((item) => item.id)).toEqual(['billing-responses:0:3', 'billing-responses:0:1']);
      expect(recordQuerySchema.safeParse({ ok: 'no' }).success).toBe(false);
    });
  });
}

import { describe, expect, it } from 'vitest';
import { baseTime, decodedMessage, eventyRecord, undecodableMessage } from '../sqlite/record-fixtures';
import { storesFor, type StoreHarness } from './store-harness';

/** What every RecordStore does, whatever its engine: inserting once, reading back, raw values, persistence, stats. */
export function describeStoreBasics(harness: StoreHarness): void {
  const openStore = storesFor(harness);

  const batch = [0, 1, 2].map((offset) => decodedMessage({ offset }));

  describe('insertBatch', () => {
    it('inserts once: the same batch again is a no-op that returns 0', async () => {
      const store = await openStore();
      expect(await store.insertBatch(batch)).toBe(3);
      expect(await store.insertBatch(batch)).toBe(0);
      expect(await store.insertBatch([...batch, decodedMessage({ offset: 3 })])).toBe(1);
      expect((await store.stats()).recordCount).toBe(4);
      expect(await store.insertBatch([])).toBe(0);
    });

    it('keeps offsets apart per topic and partition', async () => {
      const store = await openStore();
      const same = [decodedMessage({ offset: 5 }), decodedMessage({ offset: 5, partition: 1 }), decodedMessage({ offset: 5, topic: 'other' })];
      expect(await store.insertBatch(same)).toBe(3);
    });

    it('writes nothing of a batch that fails part-way', async () => {
      const store = await openStore();
      const broken = decodedMessage({ offset: 9 });
      broken.message.topic = null as unknown as string; // fails the NOT NULL constraint after three rows went in
      await expect(store.insertBatch([...batch, broken])).rejects.toThrow();
      expect((await store.stats()).recordCount).toBe(0);
      expect(await store.insertBatch(batch)).toBe(3);
    });
  });

  describe('getRecord', () => {
    it('returns every field of an event with headers, warnings and the legacy flag', async () => {
      const store = await openStore();
      const headers = [
        { key: 'traceparent', value: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', encoding: 'utf8' as const },
        { key: 'bin', value: '/w==', encoding: 'base64' as const },
      ];
      const record = eventyRecord({ context: { 'urn:orders': { user_id: 'u-981' } } });
      const message = decodedMessage({ offset: 42, partition: 3, headers }, record, { legacy: true, warnings: ['bare NaN token'] });
      await store.insertBatch([message]);
      expect(await store.getRecord('orders-events:3:42')).toEqual({
        id: 'orders-events:3:42',
        topic: 'orders-events',
        partition: 3,
        offset: 42,
        timestamp: new Date(baseTime + 42).toISOString(),
        key: 'order-1042',
        headers,
        kind: 'event',
        format: 'json',
        legacy: true,
        record,
        warnings: ['bare NaN token'],
        size: message.message.value?.length,
      });
    });

    it('returns requests and responses with their own fields', async () => {
      const store = await openStore();
      const request = eventyRecord({ type: 'REQUEST', namespace: 'urn:billing', name: 'ChargeCustomer', uuid: 'req-1' });
      const response = eventyRecord({
        type: 'RESPONSE',
        namespace: 'urn:billing',
        name: 'ChargeCustomerResult',
        source: 'urn:billing',
        uuid: 'resp-1',
        destination: 'urn:orders',
        request_uuid: 'req-1',
        ok: false,
        error_code: 402,
        error_message: 'card declined',
      });
      await store.insertBatch([
        decodedMessage({ topic: 'billing-requests', offset: 0, key: null }, request),
        decodedMessage({ topic: 'billing-responses', offset: 0 }, response),
      ]);
      const req = await store.getRecord('billing-requests:0:0');
      expect(req).toMatchObject({ kind: 'request', key: null, record: request, warnings: [] });
      expect(req).not.toHaveProperty('error');
      expect(await store.getRecord('billing-responses:0:0')).toMatchObject({ kind: 'response', record: response });
    });

    it('returns undecodable values with the reason, a base64 key and no record', async () => {
      const store = await openStore();
      const garbage = undecodableMessage({ offset: 7, key: Buffer.from([0xff, 0xfe, 0x00]) }, Buffer.from('<xml/>'), 'not JSON');
      const tombstone = undecodableMessage({ offset: 8 }, null, 'tombstone');
      await store.insertBatch([garbage, tombstone]);
      const view = await store.getRecord('orders-events:0:7');
      expect(view).toEqual({
        id: 'orders-events:0:7',
        topic: 'orders-events',
        partition: 0,
        offset: 7,
        timestamp: new Date(baseTime + 7).toISOString(),
        key: 'base64://4A',
        headers: [],
        kind: 'undecodable',
        format: 'unknown',
        legacy: false,
        error: 'not JSON',
        size: 6,
      });
      expect(await store.getRecord('orders-events:0:8')).toMatchObject({ error: 'tombstone', size: 0 });
      expect(await store.getRawValue('orders-events:0:8')).toEqual({ bytes: Buffer.alloc(0), truncated: false, size: 0 });
    });

    it('answers null for unknown or malformed ids and reads ids from the right', async () => {
      const store = await openStore();
      await store.insertBatch([decodedMessage({ topic: 'odd:topic', offset: 1 })]);
      expect(await store.getRecord('odd:topic:0:1')).toMatchObject({ topic: 'odd:topic', partition: 0, offset: 1 });
      expect(await store.getRecord('orders-events:0:1')).toBeNull();
      for (const bad of ['', 'x', 'a:b:c', 'a:0:-1', ':0:1', 'a:0:99999999999999999999']) {
        expect(await store.getRecord(bad)).toBeNull();
        expect(await store.getRawValue(bad)).toBeNull();
      }
    });
  });

  describe('odd messages', () => {
    it('stores messages without or with absurd timestamps and shows them', async () => {
      const store = await openStore();
      const odd = [-1, 0, 1e16, -1e16, Number.NaN].map((timestamp, offset) => decodedMessage({ offset, timestamp }));
      expect(await store.insertBatch(odd)).toBe(5);
      expect(await store.getRecord('orders-events:0:0')).toMatchObject({ timestamp: '1969-12-31T23:59:59.999Z' });
      expect(await store.getRecord('orders-events:0:2')).toMatchObject({ timestamp: '+275760-09-13T00:00:00.000Z' });
      expect(await store.getRecord('orders-events:0:4')).toMatchObject({ timestamp: '1969-12-31T23:59:59.999Z' });
      const page = await store.queryRecords({ limit: 10 });
      expect(page.items.map((item) => item.offset)).toEqual([2, 1, 4, 0, 3]);
    });
  });

  describe('raw values', () => {
    it('returns the exact bytes of a normal value', async () => {
      const store = await openStore();
      await store.insertBatch(batch);
      expect(await store.getRawValue('orders-events:0:1')).toEqual({ bytes: batch[1]!.message.value, truncated: false, size: batch[1]!.message.value!.length });
    });

    it('keeps only a preview of a huge value, with its size', async () => {
      const store = await openStore();
      const huge = Buffer.alloc(3 * 1024 * 1024, 'a');
      huge.write('needle-at-start', 0);
      await store.insertBatch([undecodableMessage({ offset: 0 }, huge)]);
      const raw = await store.getRawValue('orders-events:0:0');
      expect(raw).toEqual({ bytes: huge.subarray(0, 64 * 1024), truncated: true, size: huge.length });
      expect(await store.getRecord('orders-events:0:0')).toMatchObject({ size: huge.length });
      expect((await store.queryRecords({ q: 'needle', limit: 5 })).items).toHaveLength(1);
    });

    it('honours custom limits', async () => {
      const store = await openStore({ maxRawBytes: 100, previewBytes: 10 });
      const value = Buffer.alloc(101, 'b');
      await store.insertBatch([undecodableMessage({ offset: 0 }, value), undecodableMessage({ offset: 1 }, value.subarray(0, 100))]);
      expect(await store.getRawValue('orders-events:0:0')).toEqual({ bytes: value.subarray(0, 10), truncated: true, size: 101 });
      expect(await store.getRawValue('orders-events:0:1')).toMatchObject({ truncated: false, size: 100 });
    });
  });

  describe('persistence and stats', () => {
    it('keeps the data across close and reopen', async () => {
      const { store: first, at } = await harness.open();
      await first.insertBatch(batch);
      await first.close();
      await first.close();
      const second = await openStore({ at });
      expect((await second.stats()).recordCount).toBe(3);
      expect(await second.getRecord('orders-events:0:2')).toMatchObject({ offset: 2, kind: 'event' });
      expect(await second.insertBatch(batch)).toBe(0);
      expect((await second.queryRecords({ q: 'cus-77', limit: 10 })).items).toHaveLength(3);
    });

    it('counts records and undecodable values per topic and reports the file size', async () => {
      const store = await openStore();
      expect(await store.stats()).toMatchObject({ recordCount: 0, topics: [] });
      await store.insertBatch([
        ...batch,
        undecodableMessage({ offset: 3 }, Buffer.from('??')),
        decodedMessage({ topic: 'billing-requests', offset: 0 }),
        undecodableMessage({ topic: 'billing-requests', offset: 1 }, null),
        undecodableMessage({ topic: 'billing-requests', offset: 2 }, null),
      ]);
      const stats = await store.stats();
      expect(stats.recordCount).toBe(7);
      expect(stats.topics).toEqual([
        { topic: 'billing-requests', records: 3, undecodable: 2 },
        { topic: 'orders-events', records: 4, undecodable: 1 },
      ]);
      expect(stats.sizeBytes).toBeGreaterThan(4096);
    });
  });
}

import { describe, expect, it } from 'vitest';
import { baseTime, decodedMessage, eventyRecord, undecodableMessage } from '../sqlite/record-fixtures';
import { storesFor, type StoreHarness } from './store-harness';

/** The flow graph's counts over a time window, and the correlation ids it samples hop latencies from. */
export function describeFlowCounts(harness: StoreHarness): void {
  const openStore = storesFor(harness);

  const request = (offset: number, correlation: string) =>
    decodedMessage(
      { topic: 'billing-requests', offset, timestamp: baseTime + offset * 1000 },
      eventyRecord({ type: 'REQUEST', namespace: 'urn:billing', name: 'ChargeCustomer', uuid: `r-${offset}`, correlation_id: correlation }),
    );
  const response = (offset: number, ok: boolean) =>
    decodedMessage(
      { topic: 'billing-responses', offset, timestamp: baseTime + offset * 1000 + 10 },
      eventyRecord({ type: 'RESPONSE', namespace: 'urn:billing', source: 'urn:billing', destination: 'urn:orders', name: 'Charged', uuid: `s-${offset}`, request_uuid: `r-${offset}`, ok, correlation_id: `c-${offset}` }),
    );

  describe('countFlows', () => {
    it('counts the window per source, destination, namespace, name, topic and kind, with not-ok responses', async () => {
      const store = await openStore();
      await store.insertBatch([
        ...[0, 1, 2, 3].map((i) => request(i, `c-${i}`)),
        ...[0, 1, 2, 3].map((i) => response(i, i !== 2)),
        undecodableMessage({ topic: 'billing-responses', offset: 10, timestamp: baseTime + 2000 }, Buffer.from('{')),
        // outside the window
        request(60, 'c-60'),
      ]);
      const { counts, sampleCorrelationIds } = await store.countFlows({ fromMs: baseTime, toMs: baseTime + 10_000, sampleSize: 10 });
      const byKind = Object.fromEntries(counts.map((c) => [c.kind, c]));
      expect(counts).toHaveLength(3);
      expect(byKind['request']).toMatchObject({ source: 'urn:orders', namespace: 'urn:billing', name: 'ChargeCustomer', topic: 'billing-requests', records: 4, notOk: 0, correlationId: 'c-0' });
      expect(byKind['response']).toMatchObject({ destination: 'urn:orders', records: 4, notOk: 1 });
      expect(byKind['undecodable']).toMatchObject({ source: null, name: null, topic: 'billing-responses', records: 1 });
      expect(new Set(sampleCorrelationIds)).toEqual(new Set(['c-0', 'c-1', 'c-2', 'c-3']));
    });

    it('bounds the sample and spreads it over the window', async () => {
      const store = await openStore();
      await store.insertBatch(Array.from({ length: 100 }, (_, i) => request(i, `c-${i}`)));
      const { sampleCorrelationIds } = await store.countFlows({ fromMs: baseTime, toMs: baseTime + 99_000, sampleSize: 10 });
      expect(sampleCorrelationIds).toHaveLength(10);
      expect(sampleCorrelationIds).toContain('c-0');
      expect(sampleCorrelationIds).toContain('c-90');
    });

    it('spreads the sample over the part of the window that has records', async () => {
      const store = await openStore();
      await store.insertBatch(Array.from({ length: 100 }, (_, i) => request(i, `c-${i}`)));
      const { sampleCorrelationIds } = await store.countFlows({ fromMs: baseTime - 3_600_000, toMs: baseTime + 99_000, sampleSize: 40 });
      expect(sampleCorrelationIds).toHaveLength(40);
    });

    it('adds up the counts of a window longer than one 15-minute slice', async () => {
      const store = await openStore();
      const at = (offset: number, minutes: number) =>
        decodedMessage({ topic: 'orders-events', offset, timestamp: baseTime + minutes * 60_000 }, eventyRecord({ uuid: `e-${offset}`, correlation_id: `c-${minutes}` }));
      await store.insertBatch([at(0, 0), at(1, 20), at(2, 40), at(3, 59)]);
      const { counts } = await store.countFlows({ fromMs: baseTime, toMs: baseTime + 3_600_000, sampleSize: 10 });
      expect(counts).toEqual([expect.objectContaining({ name: 'OrderPlaced', records: 4, correlationId: 'c-0' })]);
    });

    it('is empty for a window without records', async () => {
      const store = await openStore();
      await store.insertBatch([request(0, 'c-0')]);
      expect(await store.countFlows({ fromMs: baseTime + 5000, toMs: baseTime + 9000, sampleSize: 10 })).toEqual({ counts: [], sampleCorrelationIds: [] });
    });
  });
}

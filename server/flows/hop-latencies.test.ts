import { describe, expect, it } from 'vitest';
import { linkRecordsIntoTrace } from '../link';
import { demoConsumption, eventView, requestView, responseView } from '../link/trace-records.fixture';
import { hopsOfTrace, percentile } from './hop-latencies';

describe('hopsOfTrace', () => {
  it('measures each hop as the time to the first record the consumer emitted in the same correlation', () => {
    const placed = eventView('orders', 'OrderPlaced', 100);
    const charge = requestView('orders', 'billing', 'ChargeCustomer', 150);
    const charged = eventView('billing', 'CustomerCharged', 400);
    const result = responseView(charge, 412);
    const confirmed = eventView('orders', 'OrderConfirmed', 420);
    const shipment = eventView('shipping', 'ShipmentPrepared', 500);
    const trace = linkRecordsIntoTrace([placed, charge, charged, result, confirmed, shipment], demoConsumption);

    const hops = hopsOfTrace(trace).map(({ producer, consumer, name, latencyMs }) => ({ producer, consumer, name, latencyMs }));
    expect(hops).toEqual(
      expect.arrayContaining([
        // billing's first record after the request is the event at 400, not the response at 412
        { producer: 'orders', consumer: 'billing', name: 'ChargeCustomer', latencyMs: 250 },
        { producer: 'billing', consumer: 'orders', name: 'ChargeCustomerResult', latencyMs: 8 },
        { producer: 'orders', consumer: 'shipping', name: 'OrderConfirmed', latencyMs: 80 },
      ]),
    );
    expect(hops).toHaveLength(3);
    expect(hopsOfTrace(trace)[0]!.correlationId).toBe(trace.correlationId);
  });

  it('never reports a negative hop when the consumer clock runs behind', () => {
    const charge = requestView('orders', 'billing', 'ChargeCustomer', 500);
    const result = responseView(charge, 450);
    const hops = hopsOfTrace(linkRecordsIntoTrace([charge, result], demoConsumption));
    expect(hops.find((h) => h.name === 'ChargeCustomer')?.latencyMs).toBe(0);
  });
});

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.95)).toBe(95);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });
});

import { describe, expect, it } from 'vitest';
import { linkRules } from './contract';
import { linkRecordsIntoTrace } from './link-records';
import { demoConsumption, eventView, nodesById, parentIds, requestView, responseView, undecodableView } from './trace-records.fixture';

/** The flow of protocol §2.2: orders → billing request → billing response → orders events, then shipping. */
function demoFlow() {
  const placed = eventView('orders', 'OrderPlaced', 123);
  const charge = requestView('orders', 'billing', 'ChargeCustomer', 150);
  const charged = eventView('billing', 'CustomerCharged', 400);
  const result = responseView(charge, 412);
  const confirmed = eventView('orders', 'OrderConfirmed', 420);
  const shipment = eventView('shipping', 'ShipmentPrepared', 500);
  return { placed, charge, charged, result, confirmed, shipment };
}

describe('linkRecordsIntoTrace, inferred edges', () => {
  it('links the demo flow: exact response, the rest inferred from what each service consumed', () => {
    const flow = demoFlow();
    const trace = linkRecordsIntoTrace(Object.values(flow), demoConsumption);
    const parents = parentIds(trace.roots);
    const nodes = nodesById(trace.roots);

    expect(trace.roots.map((root) => root.id)).toEqual([flow.placed.id, flow.charge.id]);
    expect(parents.get(flow.charged.id)).toBe(flow.charge.id);
    expect(parents.get(flow.result.id)).toBe(flow.charge.id);
    expect(parents.get(flow.confirmed.id)).toBe(flow.result.id);
    expect(parents.get(flow.shipment.id)).toBe(flow.confirmed.id);
    expect(nodes.get(flow.charged.id)).toMatchObject({ edge: 'inferred', rule: linkRules.requestHandled, confidence: 'high' });
    expect(nodes.get(flow.result.id)).toMatchObject({ edge: 'exact', rule: linkRules.requestUuid });
    expect(nodes.get(flow.confirmed.id)).toMatchObject({ edge: 'inferred', rule: linkRules.responseReceived, confidence: 'medium' });
    expect(nodes.get(flow.shipment.id)).toMatchObject({ edge: 'inferred', rule: linkRules.eventConsumed, confidence: 'medium' });
    expect(nodes.get(flow.charge.id)).toMatchObject({ waitMs: 250, processingMs: 262 });
    expect(nodes.get(flow.shipment.id)).toMatchObject({ waitMs: null, processingMs: null });
    expect(trace).toMatchObject({ durationMs: 377, services: ['billing', 'orders', 'shipping'], status: 'ok' });
  });

  it('takes the latest record the service consumed before emitting', () => {
    const first = requestView('orders', 'billing', 'ChargeCustomer', 0);
    const second = requestView('orders', 'billing', 'RefundCustomer', 50);
    const refunded = eventView('billing', 'CustomerRefunded', 60);
    const trace = linkRecordsIntoTrace([refunded, second, first], demoConsumption);
    expect(parentIds(trace.roots).get(refunded.id)).toBe(second.id);
  });

  it('ignores responses addressed to another service and events on topics the service does not read', () => {
    const charge = requestView('shipping', 'billing', 'ChargeCustomer', 0);
    const result = responseView(charge, 10);
    const audited = eventView('audit', 'Audited', 20);
    const noted = eventView('orders', 'OrderNoted', 30);
    const parents = parentIds(linkRecordsIntoTrace([charge, result, audited, noted], demoConsumption).roots);
    expect(parents.get(audited.id)).toBe('root');
    expect(parents.get(noted.id)).toBe('root');
  });

  it("follows a service's overridden topics and URN", () => {
    const consumption = {
      topicsByService: { shipping: ['pay.out'] },
      overrides: { payments: { urn: 'urn:acme:payments', eventsTopic: 'pay.out', requestsTopic: 'pay.in' } },
    };
    const pay = requestView('orders', 'payments', 'Pay', 0, { topic: 'pay.in', record: { namespace: 'urn:acme:payments' } });
    const paid = eventView('payments', 'Paid', 10, { topic: 'pay.out', record: { source: 'urn:acme:payments', namespace: 'urn:acme:payments' } });
    const shipped = eventView('shipping', 'Shipped', 20);
    const trace = linkRecordsIntoTrace([pay, paid, shipped], consumption);
    const parents = parentIds(trace.roots);
    expect(parents.get(paid.id)).toBe(pay.id);
    expect(parents.get(shipped.id)).toBe(paid.id);
    expect(trace.services).toEqual(['orders', 'payments', 'shipping']);
  });

  it('hangs an undecodable record the caller passed as an error leaf under what its writer consumed', () => {
    const charge = requestView('orders', 'billing', 'ChargeCustomer', 0);
    const garbled = undecodableView('billing-events', 10, 'unexpected token');
    const stray = undecodableView('billing-requests', 20);
    const trace = linkRecordsIntoTrace([charge, garbled, stray], demoConsumption);
    const parents = parentIds(trace.roots);

    expect(parents.get(garbled.id)).toBe(charge.id);
    expect(parents.get(stray.id)).toBe('root');
    expect(nodesById(trace.roots).get(garbled.id)).toMatchObject({ kind: 'undecodable', error: 'undecodable: unexpected token', children: [] });
    expect(trace.status).toBe('error');
  });

  it('keeps only records of the correlation most records carry, or of the one asked for', () => {
    const ours = eventView('orders', 'OrderPlaced', 0);
    const also = eventView('orders', 'OrderNoted', 1);
    const theirs = eventView('orders', 'OrderPlaced', 2, { record: { correlation_id: 'other' } });
    expect(linkRecordsIntoTrace([theirs, ours, also], demoConsumption).recordCount).toBe(2);
    const asked = linkRecordsIntoTrace([theirs, ours, also], demoConsumption, { correlationId: 'other' });
    expect(asked).toMatchObject({ correlationId: 'other', recordCount: 1 });
  });
});

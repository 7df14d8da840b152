import { describe, expect, it } from 'vitest';
import type { RecordView } from '../store/contract';
import { linkRules } from './contract';
import { linkRecordsIntoTrace } from './link-records';
import { demoConsumption, eventView, nodesById, parentIds, requestView, responseView } from './trace-records.fixture';

function demoRecords(): RecordView[] {
  const charge = requestView('orders', 'billing', 'ChargeCustomer', 150);
  return [
    eventView('orders', 'OrderPlaced', 123),
    charge,
    eventView('billing', 'CustomerCharged', 400),
    responseView(charge, 412),
    eventView('orders', 'OrderConfirmed', 420),
    eventView('shipping', 'ShipmentPrepared', 500),
    eventView('notify', 'CustomerNotified', 530),
  ];
}

function copyAt(view: RecordView, offset: number): RecordView {
  return { ...view, id: `${view.topic}:1:${offset}`, partition: 1, offset };
}

describe('linkRecordsIntoTrace on real-world data', () => {
  it('builds the same tree whatever order the records come in', () => {
    const records = demoRecords();
    const expected = parentIds(linkRecordsIntoTrace(records, demoConsumption).roots);
    for (const order of [[...records].reverse(), [4, 0, 6, 2, 5, 1, 3].map((i) => records[i]!)]) {
      expect(parentIds(linkRecordsIntoTrace(order, demoConsumption).roots)).toEqual(expected);
    }
  });

  it('keeps one node per uuid and names the dropped copies', () => {
    const records = demoRecords();
    const charge = records[1]!;
    const again = copyAt(charge, 7);
    const trace = linkRecordsIntoTrace([...records, again, charge], demoConsumption);
    const nodes = nodesById(trace.roots);
    expect(trace.recordCount).toBe(records.length);
    expect(nodes.has(again.id)).toBe(false);
    expect(nodes.get(charge.id)!.duplicateIds).toEqual([again.id]);
  });

  it('keeps the earliest copy of a duplicate, wherever it stands in the input', () => {
    const placed = eventView('orders', 'OrderPlaced', 0);
    const late = { ...copyAt(placed, 3), timestamp: new Date(Date.parse(placed.timestamp) + 1000).toISOString() };
    const nodes = nodesById(linkRecordsIntoTrace([late, placed], demoConsumption).roots);
    expect(nodes.get(placed.id)!.duplicateIds).toEqual([late.id]);
  });

  it('marks a record whose copy was dead-lettered as an error', () => {
    const records = demoRecords();
    const shipment = records[5]!;
    const parked = copyAt(shipment, 11);
    const trace = linkRecordsIntoTrace([...records, parked], demoConsumption, { deadLetters: { [parked.id]: 'handler raised KeyError' } });
    expect(nodesById(trace.roots).get(shipment.id)).toMatchObject({ error: 'dead-lettered: handler raised KeyError', duplicateIds: [parked.id] });
    expect(trace.status).toBe('error');
  });

  it('returns an empty trace for no records', () => {
    expect(linkRecordsIntoTrace([], demoConsumption)).toMatchObject({ recordCount: 0, roots: [], durationMs: 0, services: [], status: 'ok' });
  });

  it('links across clock skew within the tolerance, and says by how much', () => {
    const charge = requestView('orders', 'billing', 'ChargeCustomer', 1000);
    const charged = eventView('billing', 'CustomerCharged', 800);
    const result = responseView(charge, 810);
    const trace = linkRecordsIntoTrace([charge, charged, result], demoConsumption);
    const nodes = nodesById(trace.roots);

    expect(trace.roots.map((root) => root.id)).toEqual([charge.id]);
    expect(nodes.get(charged.id)).toMatchObject({ edge: 'inferred', rule: linkRules.requestHandled, confidence: 'low', clockSkewMs: 200 });
    expect(nodes.get(result.id)).toMatchObject({ edge: 'exact', confidence: 'certain', clockSkewMs: 190 });
    expect(nodes.get(charge.id)).toMatchObject({ waitMs: 0, processingMs: 0 });
  });

  it('counts a record of the same millisecond as earlier, though another topic sorts it later', () => {
    const first = requestView('orders', 'billing', 'ChargeCustomer', 0);
    const second = requestView('orders', 'billing', 'RefundCustomer', 50);
    const refunded = eventView('billing', 'CustomerRefunded', 50);
    const nodes = nodesById(linkRecordsIntoTrace([first, second, refunded], demoConsumption).roots);
    expect(nodes.get(second.id)!.children.map((child) => child.id)).toEqual([refunded.id]);
    expect(nodes.get(refunded.id)).toMatchObject({ confidence: 'high' });
    expect(nodes.get(refunded.id)!.clockSkewMs).toBeUndefined();
  });

  it('does not link past the skew tolerance', () => {
    const charge = requestView('orders', 'billing', 'ChargeCustomer', 5000);
    const charged = eventView('billing', 'CustomerCharged', 800);
    const trace = linkRecordsIntoTrace([charge, charged], demoConsumption, { clockSkewToleranceMs: 2000 });
    expect(trace.roots.map((root) => root.id)).toEqual([charged.id, charge.id]);
  });

  it("never hangs a service's first records under a response to its own later request", () => {
    const trace = linkRecordsIntoTrace(demoRecords(), demoConsumption, { clockSkewToleranceMs: 10_000 });
    expect(trace.roots.map((root) => root.type === 'record' && root.name)).toEqual(['OrderPlaced', 'ChargeCustomer']);
  });

  it('never loops on records that would make each other their parent', () => {
    const consumption = { topicsByService: { alpha: ['beta-events'], beta: ['alpha-events'] } };
    const ping = eventView('alpha', 'Ping', 100);
    const pong = eventView('beta', 'Pong', 50);
    const asked = requestView('orders', 'billing', 'Charge', 0);
    const crossedA = responseView(asked, 10, { record: { request_uuid: 'b0000000-0000-4000-8000-000000000000' } });
    const crossedB = responseView(asked, 15, { record: { uuid: 'b0000000-0000-4000-8000-000000000000', request_uuid: crossedA.record!.uuid } });
    const selfish = responseView(asked, 20);
    selfish.record!.request_uuid = selfish.record!.uuid;
    const records = [ping, pong, crossedA, crossedB, selfish];
    const trace = linkRecordsIntoTrace(records, { ...consumption, topicsByService: { ...consumption.topicsByService, ...demoConsumption.topicsByService } });

    const parents = parentIds(trace.roots);
    expect(parents.size).toBe(records.length);
    expect(parents.get(ping.id)).toBe(pong.id);
    expect(parents.get(pong.id)).toBe('root');
    expect([parents.get(crossedA.id), parents.get(crossedB.id)].sort()).toEqual([crossedA.id, 'root']);
    expect(parents.get(selfish.id)).toBe('root');
    for (const [id, parent] of parents) expect(parent).not.toBe(id);
  });
});

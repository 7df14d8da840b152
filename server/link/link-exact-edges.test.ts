import { describe, expect, it } from 'vitest';
import { linkRules, type MissingRequestNode } from './contract';
import { linkRecordsIntoTrace } from './link-records';
import {
  correlationId,
  demoConsumption,
  eventView,
  nodesById,
  parentIds,
  requestView,
  responseView,
  traceparentHeader,
} from './trace-records.fixture';

describe('linkRecordsIntoTrace, exact edges', () => {
  it('links a response to its request by request_uuid, certain when destination and namespace match', () => {
    const request = requestView('orders', 'billing', 'ChargeCustomer', 150);
    const response = responseView(request, 412);
    const trace = linkRecordsIntoTrace([response, request], demoConsumption);

    expect(parentIds(trace.roots).get(response.id)).toBe(request.id);
    const node = nodesById(trace.roots).get(response.id)!;
    expect(node).toMatchObject({ edge: 'exact', rule: linkRules.requestUuid, confidence: 'certain' });
    expect(nodesById(trace.roots).get(request.id)).toMatchObject({ edge: 'root', processingMs: 262, waitMs: 262 });
    expect(trace).toMatchObject({ correlationId, recordCount: 2, durationMs: 262, services: ['billing', 'orders'], status: 'ok' });
  });

  it('still links a response whose destination is not the requester, marked and less sure', () => {
    const request = requestView('orders', 'billing', 'ChargeCustomer', 0);
    const response = responseView(request, 10, { record: { destination: 'urn:shipping' } });
    const node = nodesById(linkRecordsIntoTrace([request, response], demoConsumption).roots).get(response.id)!;
    expect(node).toMatchObject({ edge: 'exact', rule: linkRules.requestUuidDestinationMismatch, confidence: 'medium' });
  });

  it('still links a response from another namespace, marked and less sure', () => {
    const request = requestView('orders', 'billing', 'ChargeCustomer', 0);
    const response = responseView(request, 10, { record: { namespace: 'urn:payments' } });
    const node = nodesById(linkRecordsIntoTrace([request, response], demoConsumption).roots).get(response.id)!;
    expect(node).toMatchObject({ edge: 'exact', rule: linkRules.requestUuidNamespaceMismatch, confidence: 'medium' });
  });

  it('puts responses to a request missing from the trace under one placeholder, as orphans', () => {
    const absent = requestView('orders', 'billing', 'ChargeCustomer', 0);
    const first = responseView(absent, 10);
    const retry = responseView(absent, 20);
    const trace = linkRecordsIntoTrace([retry, first], demoConsumption);

    expect(trace.roots).toHaveLength(1);
    const placeholder = trace.roots[0] as MissingRequestNode;
    expect(placeholder).toMatchObject({ type: 'missing-request', requestUuid: absent.record!.uuid, edge: 'root', timestamp: Date.parse(first.timestamp) });
    expect(placeholder.children.map((child) => child.id)).toEqual([first.id, retry.id]);
    expect(placeholder.children[0]).toMatchObject({ edge: 'orphan', rule: linkRules.missingRequest });
  });

  it('marks an ok: false response as an error and the trace as failed', () => {
    const request = requestView('orders', 'billing', 'ChargeCustomer', 0);
    const refusal = responseView(request, 30, { record: { ok: false, error_code: 402, error_message: 'card declined' } });
    const trace = linkRecordsIntoTrace([request, refusal], demoConsumption);
    expect(nodesById(trace.roots).get(refusal.id)!.error).toBe('response not ok (code 402): card declined');
    expect(trace.status).toBe('error');
  });

  it("links through a traceparent span id that another service's record carries on, and keeps the services' ids", () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const placed = eventView('orders', 'OrderPlaced', 0, { headers: [traceparentHeader(traceId, '00f067aa0ba902b7')] });
    const unrelated = eventView('orders', 'OrderNoted', 5);
    const shipped = eventView('shipping', 'ShipmentPrepared', 40, { headers: [traceparentHeader(traceId, '00f067aa0ba902b7')] });
    const trace = linkRecordsIntoTrace([placed, unrelated, shipped], { topicsByService: {} });

    expect(parentIds(trace.roots).get(shipped.id)).toBe(placed.id);
    const nodes = nodesById(trace.roots);
    expect(nodes.get(shipped.id)).toMatchObject({ edge: 'exact', rule: linkRules.traceparent, confidence: 'high' });
    expect(trace.traceId).toBe(traceId);
    expect(nodes.get(placed.id)!.spanId).toBe('00f067aa0ba902b7');
    expect(nodes.get(shipped.id)!.spanId).not.toBe('00f067aa0ba902b7');
  });

  it('does not link records of one service sharing a span id: they are siblings of one handler', () => {
    const header = traceparentHeader('4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b7');
    const placed = eventView('orders', 'OrderPlaced', 0, { headers: [header] });
    const charged = requestView('orders', 'billing', 'ChargeCustomer', 5, { headers: [header] });
    const trace = linkRecordsIntoTrace([placed, charged], demoConsumption);
    expect(trace.roots.map((root) => root.id)).toEqual([placed.id, charged.id]);
  });
});

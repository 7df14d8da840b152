import { describe, expect, it } from 'vitest';
import type { GroupLag } from '../lag/contract';
import { createServiceNaming } from '../link';
import type { FlowCount } from '../store/contract';
import { aggregateFlows, type FlowInputs } from './aggregate-flows';
import type { HopSample } from './hop-latencies';
import { mapGroupsToServices } from './service-groups';

const fromMs = Date.parse('2026-01-01T10:00:00Z');
const toMs = fromMs + 100_000;
const naming = createServiceNaming({ topicsByService: {} });

function count(fields: Partial<FlowCount> & Pick<FlowCount, 'topic' | 'kind' | 'records'>): FlowCount {
  return { source: null, destination: null, namespace: null, name: null, notOk: 0, correlationId: null, ...fields };
}

function group(groupId: string, topics: string[], lagRecords = 0, lagSeconds: number | null = 0): GroupLag {
  return {
    groupId,
    state: 'Stable',
    members: [],
    lagRecords,
    lagSeconds,
    catchUpSeconds: 0,
    fallingBehind: false,
    stuckPartitions: 0,
    partitions: topics.map((topic) => ({
      topic,
      partition: 0,
      committedOffset: 0,
      highWatermark: 0,
      logStartOffset: 0,
      lagRecords,
      lagSeconds,
      stuckSince: null,
      catchUpSeconds: 0,
      fallingBehind: false,
      neverCommitted: false,
      committedBelowLogStart: false,
    })),
  };
}

const shopCounts: FlowCount[] = [
  count({ source: 'urn:orders', namespace: 'urn:orders', name: 'OrderPlaced', topic: 'orders-events', kind: 'event', records: 200, correlationId: 'c1' }),
  count({ source: 'urn:orders', namespace: 'urn:billing', name: 'ChargeCustomer', topic: 'billing-requests', kind: 'request', records: 100, correlationId: 'c1' }),
  count({ source: 'urn:billing', destination: 'urn:orders', namespace: 'urn:billing', name: 'ChargeCustomerResult', topic: 'billing-responses', kind: 'response', records: 100, notOk: 25, correlationId: 'c1' }),
  count({ topic: 'billing-responses', kind: 'undecodable', records: 4 }),
  count({ source: 'urn:shipping', namespace: 'urn:shipping', name: 'ShipmentSent', topic: 'shipping-events', kind: 'event', records: 10 }),
];

function inputs(over: Partial<FlowInputs> = {}): FlowInputs {
  const groups = mapGroupsToServices(
    [group('billing', ['billing-requests'], 12, 3), group('orders', ['billing-responses']), group('notifications', ['orders-events']), group('eventy-lens', ['orders-events'])],
    ['urn:orders', 'urn:billing', 'urn:shipping'],
    naming,
    (id) => id.startsWith('eventy-lens'),
  );
  return {
    fromMs,
    toMs,
    counts: shopCounts,
    groups,
    hops: [],
    latencySample: { correlations: 0, maxCorrelations: 100, maxRecordsPerCorrelation: 500, hops: 0 },
    consumptionKnown: true,
    lagAsOf: '2026-01-01T10:01:40.000Z',
    ...over,
  };
}

const edge = (graph: ReturnType<typeof aggregateFlows>, from: string, to: string, name: string | null) =>
  graph.edges.find((e) => e.from === from && e.to === to && e.name === name);

describe('aggregateFlows', () => {
  it('draws who sent what to whom: requests to their target, responses to their destination, events to the groups reading the topic', () => {
    const graph = aggregateFlows(inputs());
    expect(graph.records).toBe(414);
    expect(graph.windowSeconds).toBe(100);
    expect(edge(graph, 'orders', 'notifications', 'OrderPlaced')).toMatchObject({ count: 200, ratePerSecond: 2, consumerRule: 'consumer group', topic: 'orders-events', source: 'urn:orders' });
    expect(edge(graph, 'orders', 'billing', 'ChargeCustomer')).toMatchObject({ count: 100, ratePerSecond: 1, consumerRule: 'request target' });
    expect(edge(graph, 'billing', 'orders', 'ChargeCustomerResult')).toMatchObject({ consumerRule: 'response destination' });
    // Eventy Lens's own collector reads every topic but is no service
    expect(graph.nodes.map((n) => n.id)).not.toContain('eventy-lens');
  });

  it('shows a consumer that writes nothing back, known only from its group', () => {
    const graph = aggregateFlows(inputs());
    expect(graph.nodes.find((n) => n.id === 'notifications')).toMatchObject({ kind: 'service', urn: 'urn:notifications', groupId: 'notifications', produced: 0, consumed: 200 });
  });

  it('sends records nobody is known to read to a topic node', () => {
    const graph = aggregateFlows(inputs());
    expect(edge(graph, 'shipping', 'topic:shipping-events', 'ShipmentSent')).toMatchObject({ consumerRule: 'none', count: 10 });
    expect(graph.nodes.find((n) => n.id === 'topic:shipping-events')).toMatchObject({ kind: 'topic', label: 'shipping-events', urn: null });
  });

  it('counts ok:false responses and undecodable values as errors; undecodables come from the topic owner', () => {
    const graph = aggregateFlows(inputs());
    expect(edge(graph, 'billing', 'orders', 'ChargeCustomerResult')).toMatchObject({ errors: 25, errorRate: 0.25 });
    expect(edge(graph, 'billing', 'orders', null)).toMatchObject({ kind: 'undecodable', errors: 4, errorRate: 1, topic: 'billing-responses' });
    expect(graph.nodes.find((n) => n.id === 'billing')).toMatchObject({ produced: 104, producedErrors: 29 });
  });

  it('counts dead letters among the failures of the edge that carried their records into the original topic', () => {
    const deadLetters = [
      { originalTopic: 'billing-requests', name: 'ChargeCustomer', source: 'urn:orders', consumerGroup: 'billing', count: 7 },
      // no such record kind on the topic in the window: the busiest decodable edge into it
      { originalTopic: 'orders-events', name: 'OrderCancelled', source: 'urn:orders', consumerGroup: null, count: 500 },
      { originalTopic: 'unknown-topic', name: 'X', source: null, consumerGroup: null, count: 3 },
    ];
    const graph = aggregateFlows(inputs({ deadLetters }));
    expect(edge(graph, 'orders', 'billing', 'ChargeCustomer')).toMatchObject({ errors: 7, errorRate: 0.07 });
    // never more errors than records
    expect(edge(graph, 'orders', 'notifications', 'OrderPlaced')).toMatchObject({ count: 200, errors: 200, errorRate: 1 });
    expect(graph.records).toBe(414);
  });

  it('carries the lag of the group named after a consuming service', () => {
    const graph = aggregateFlows(inputs());
    expect(graph.nodes.find((n) => n.id === 'billing')).toMatchObject({ groupId: 'billing', lag: { lagRecords: 12, lagSeconds: 3 } });
    expect(graph.nodes.find((n) => n.id === 'shipping')).toMatchObject({ groupId: null, lag: null });
  });

  it('takes p50 and p95 of the sampled hops of an edge, and their correlations as examples', () => {
    const hops: HopSample[] = Array.from({ length: 20 }, (_, i) => ({
      producer: 'orders',
      consumer: 'billing',
      name: 'ChargeCustomer',
      topic: 'billing-requests',
      latencyMs: (i + 1) * 10,
      correlationId: `trace-${i % 5}`,
    }));
    const graph = aggregateFlows(inputs({ hops }));
    expect(edge(graph, 'orders', 'billing', 'ChargeCustomer')).toMatchObject({
      latency: { p50Ms: 100, p95Ms: 190, samples: 20 },
      exampleCorrelationIds: ['trace-0', 'trace-1', 'trace-2'],
    });
    // no hop sampled: no latency, the counted group's correlation as example
    expect(edge(graph, 'orders', 'notifications', 'OrderPlaced')).toMatchObject({ latency: null, exampleCorrelationIds: ['c1'] });
  });

  it('gives an empty graph for an empty window', () => {
    const graph = aggregateFlows(inputs({ counts: [] }));
    expect(graph).toMatchObject({ records: 0, nodes: [], edges: [], from: '2026-01-01T10:00:00.000Z', to: '2026-01-01T10:01:40.000Z' });
  });

  it('still draws producers and protocol-known consumers without consumer groups', () => {
    const graph = aggregateFlows(inputs({ groups: [], consumptionKnown: false }));
    expect(edge(graph, 'orders', 'billing', 'ChargeCustomer')).toBeDefined();
    expect(edge(graph, 'orders', 'topic:orders-events', 'OrderPlaced')).toBeDefined();
    expect(graph.consumptionKnown).toBe(false);
  });
});

describe('mapGroupsToServices', () => {
  it('maps group billing to service billing (urn:billing), with the topics it reads', () => {
    const [billing] = mapGroupsToServices([group('billing', ['billing-requests', 'orders-events', 'orders-events'])], ['urn:billing'], naming, () => false);
    expect(billing).toMatchObject({ groupId: 'billing', service: 'billing', topics: ['billing-requests', 'orders-events'] });
  });

  it('maps a group to the one longer URN it ends like, and keeps an ambiguous or unknown one as its own service', () => {
    const groups = [group('billing', []), group('stock', []), group('mailer', [])];
    const urns = ['urn:acme:billing', 'urn:acme:stock', 'urn:other:stock'];
    expect(mapGroupsToServices(groups, urns, naming, () => false).map((g) => g.service)).toEqual(['acme:billing', 'stock', 'mailer']);
  });

  it('leaves excluded groups out', () => {
    expect(mapGroupsToServices([group('eventy-lens', ['a'])], [], naming, (id) => id === 'eventy-lens')).toEqual([]);
  });
});

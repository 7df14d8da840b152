import { createServiceNaming, type ServiceNaming } from '../link';
import type { FlowCount } from '../store/contract';
import type { ConsumerRule, FlowEdge, FlowGraph, FlowNode } from './contract';
import { percentile, type HopSample } from './hop-latencies';
import type { ServiceGroup } from './service-groups';

export interface FlowInputs {
  fromMs: number;
  toMs: number;
  /** stored records of the window, counted per source, destination, namespace, name, topic and kind */
  counts: readonly FlowCount[];
  /** consumer groups read as services; empty when they could not be read */
  groups: readonly ServiceGroup[];
  hops: readonly HopSample[];
  latencySample: FlowGraph['latencySample'];
  consumptionKnown: boolean;
  lagAsOf: string | null;
  /** dead letters of the window whose original record decoded: failures the edges into `originalTopic` did not show */
  deadLetters?: readonly DeadLetterFailure[];
}

/** Dead letters of one original record kind, as read from the store's dead letters of the window. */
export interface DeadLetterFailure {
  originalTopic: string;
  name: string | null;
  source: string | null;
  /** the group that failed on them, when the dead letters say */
  consumerGroup: string | null;
  count: number;
}

const unknownNode = 'unknown';
const maxExamples = 3;

interface Consumer {
  node: string;
  rule: ConsumerRule;
}

interface EdgeDraft extends Omit<FlowEdge, 'ratePerSecond' | 'errorRate' | 'latency' | 'exampleCorrelationIds'> {
  examples: Set<string>;
}

/** The writer of a counted group: its `source`; for undecodable values, the owner of an events or responses topic. */
function producerOf(count: FlowCount, naming: ServiceNaming): string {
  if (count.source !== null) return naming.serviceOfUrn(count.source);
  const owner = naming.ownerOfTopic(count.topic);
  // anyone may write to a requests topic: its owner is the reader, not the writer
  return owner !== null && owner.role !== 'requests' ? owner.service : unknownNode;
}

/** Who reads a counted group's records (protocol §3.2): a request's target, a response's destination, else the topic's groups. */
function consumersOf(count: FlowCount, naming: ServiceNaming): Consumer[] {
  const owner = naming.ownerOfTopic(count.topic);
  if (count.kind === 'request') {
    const target = owner?.role === 'requests' ? owner.service : count.namespace === null ? null : naming.serviceOfUrn(count.namespace);
    if (target !== null) return [{ node: target, rule: 'request target' }];
  }
  if (count.kind === 'response' && count.destination !== null) return [{ node: naming.serviceOfUrn(count.destination), rule: 'response destination' }];
  const readers = naming.readersOfTopic(count.topic);
  if (readers.length > 0) return readers.map((node) => ({ node, rule: 'consumer group' }));
  if (count.kind === 'undecodable' && owner?.role === 'requests') return [{ node: owner.service, rule: 'request target' }];
  return [{ node: `topic:${count.topic}`, rule: 'none' }];
}

/**
 * A dead letter is a record its consumer failed on: it counts as an error of the edge that carried it into the original
 * topic (same name and source; the dead letter's group as consumer when known), the busiest such edge otherwise.
 * An edge never shows more errors than records.
 */
function addDeadLetters(drafts: readonly EdgeDraft[], failures: readonly DeadLetterFailure[], serviceOfGroup: ReadonlyMap<string, string>): void {
  const busiest = (candidates: EdgeDraft[]) => candidates.sort((a, b) => b.count - a.count)[0];
  for (const failure of failures) {
    const same = drafts.filter((d) => d.topic === failure.originalTopic && d.name === failure.name && d.source === failure.source);
    const consumer = failure.consumerGroup === null ? undefined : serviceOfGroup.get(failure.consumerGroup);
    const edge = busiest(same.filter((d) => d.to === consumer)) ?? busiest(same) ?? busiest(drafts.filter((d) => d.topic === failure.originalTopic && d.kind !== 'undecodable'));
    if (edge !== undefined) edge.errors += Math.min(failure.count, edge.count - edge.errors);
  }
}

const hopKey = (producer: string, consumer: string, name: string | null, topic: string): string => JSON.stringify([producer, consumer, name, topic]);

/** Folds counted records, consumer groups and sampled hops into the service graph. Pure. */
export function aggregateFlows(inputs: FlowInputs): FlowGraph {
  const topicsByService: Record<string, string[]> = {};
  for (const group of inputs.groups) topicsByService[group.service] = [...(topicsByService[group.service] ?? []), ...group.topics];
  const naming = createServiceNaming({ topicsByService });
  const windowSeconds = Math.max(1, (inputs.toMs - inputs.fromMs) / 1000);

  const drafts = new Map<string, EdgeDraft>();
  const nodes = new Map<string, FlowNode>();
  const groupByService = new Map(inputs.groups.map((g) => [g.service, g]));
  const urnOf = new Map<string, string>();
  const node = (id: string): FlowNode => {
    let found = nodes.get(id);
    if (found === undefined) {
      const kind = id === unknownNode ? 'unknown' : id.startsWith('topic:') ? 'topic' : 'service';
      const group = kind === 'service' ? groupByService.get(id) : undefined;
      found = {
        id,
        kind,
        label: kind === 'topic' ? id.slice('topic:'.length) : kind === 'unknown' ? 'unknown writer' : id,
        urn: kind === 'service' ? (urnOf.get(id) ?? naming.urnOfService(id)) : null,
        groupId: group?.groupId ?? null,
        produced: 0,
        producedErrors: 0,
        consumed: 0,
        lag: group?.lag ?? null,
      };
      nodes.set(id, found);
    }
    return found;
  };
  for (const count of inputs.counts) {
    for (const urn of [count.source, count.destination]) if (urn !== null) urnOf.set(naming.serviceOfUrn(urn), urn);
  }

  let records = 0;
  for (const count of inputs.counts) {
    records += count.records;
    const from = producerOf(count, naming);
    const errors = count.kind === 'undecodable' ? count.records : count.notOk;
    const producer = node(from);
    producer.produced += count.records;
    producer.producedErrors += errors;
    for (const consumer of consumersOf(count, naming)) {
      node(consumer.node).consumed += count.records;
      const id = JSON.stringify([from, consumer.node, count.name, count.topic, count.kind]);
      const draft = drafts.get(id) ?? {
        id,
        from,
        to: consumer.node,
        source: count.source,
        name: count.name,
        topic: count.topic,
        kind: count.kind,
        consumerRule: consumer.rule,
        count: 0,
        errors: 0,
        examples: new Set<string>(),
      };
      draft.count += count.records;
      draft.errors += errors;
      drafts.set(id, draft);
    }
  }

  addDeadLetters([...drafts.values()], inputs.deadLetters ?? [], new Map(inputs.groups.map((g) => [g.groupId, g.service])));

  const latencies = new Map<string, { values: number[]; correlations: string[] }>();
  for (const hop of inputs.hops) {
    const key = hopKey(hop.producer, hop.consumer, hop.name, hop.topic);
    const entry = latencies.get(key) ?? { values: [], correlations: [] };
    entry.values.push(hop.latencyMs);
    if (entry.correlations.length < maxExamples && !entry.correlations.includes(hop.correlationId)) entry.correlations.push(hop.correlationId);
    latencies.set(key, entry);
  }

  const edges = [...drafts.values()].map(({ examples, ...draft }): FlowEdge => {
    const observed = latencies.get(hopKey(draft.from, draft.to, draft.name, draft.topic));
    const sorted = observed ? [...observed.values].sort((a, b) => a - b) : [];
    for (const id of observed?.correlations ?? []) examples.add(id);
    for (const count of inputs.counts) {
      if (examples.size >= maxExamples) break;
      if (count.correlationId !== null && count.name === draft.name && count.topic === draft.topic && count.kind === draft.kind && count.source === draft.source) {
        examples.add(count.correlationId);
      }
    }
    return {
      ...draft,
      ratePerSecond: draft.count / windowSeconds,
      errorRate: draft.count === 0 ? 0 : draft.errors / draft.count,
      latency: sorted.length === 0 ? null : { p50Ms: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95), samples: sorted.length },
      exampleCorrelationIds: [...examples].slice(0, maxExamples),
    };
  });
  edges.sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));

  return {
    from: new Date(inputs.fromMs).toISOString(),
    to: new Date(inputs.toMs).toISOString(),
    windowSeconds,
    records,
    nodes: [...nodes.values()].sort((a, b) => a.id.localeCompare(b.id)),
    edges,
    latencySample: inputs.latencySample,
    consumptionKnown: inputs.consumptionKnown,
    lagAsOf: inputs.lagAsOf,
  };
}

import { describe, expect, it } from 'vitest';
import type { CollapsedGroupNode, TraceRecordNode } from './contract';
import { linkRecordsIntoTrace } from './link-records';
import { demoConsumption, eventView, nodesById } from './trace-records.fixture';

describe('collapsing repeated siblings', () => {
  function fanOut(notifications: number, others = 0) {
    const placed = eventView('orders', 'OrderPlaced', 0);
    const sent = Array.from({ length: notifications }, (_, i) => eventView('notify', 'EmailSent', 10 + i));
    const logged = Array.from({ length: others }, (_, i) => eventView('notify', 'SmsSent', 5 + i));
    return { placed, sent, logged, records: [placed, ...sent, ...logged] };
  }

  it('folds more than 20 siblings of one kind, name and service into one group where the first stood', () => {
    const { placed, sent, logged, records } = fanOut(25, 3);
    const trace = linkRecordsIntoTrace(records, demoConsumption);
    const root = trace.roots[0] as TraceRecordNode;

    expect(root.id).toBe(placed.id);
    expect(root.children.map((child) => child.type)).toEqual(['record', 'record', 'record', 'collapsed']);
    const group = root.children[3] as CollapsedGroupNode;
    expect(group).toMatchObject({ kind: 'event', name: 'EmailSent', service: 'notify', count: 25, edge: 'inferred', errorCount: 0 });
    expect(group.memberIds).toEqual(sent.map((view) => view.id));
    expect(group.timestamp).toBe(Date.parse(sent[0]!.timestamp));
    expect(group.lastTimestamp).toBe(Date.parse(sent[24]!.timestamp));
    expect(root.children.slice(0, 3).map((child) => child.id)).toEqual(logged.map((view) => view.id));
    expect(nodesById(trace.roots).size).toBe(records.length);
  });

  it('keeps 20 siblings as they are, and follows the threshold asked for', () => {
    const { records } = fanOut(20);
    expect((linkRecordsIntoTrace(records, demoConsumption).roots[0] as TraceRecordNode).children).toHaveLength(20);
    const folded = linkRecordsIntoTrace(records, demoConsumption, { collapseAbove: 5 }).roots[0] as TraceRecordNode;
    expect(folded.children).toHaveLength(1);
  });

  it("collapses inside the members' own subtrees too", () => {
    const consumption = { topicsByService: { notify: ['orders-events'], audit: ['notify-events'] } };
    const placed = eventView('orders', 'OrderPlaced', 0);
    const sent = Array.from({ length: 22 }, (_, i) => eventView('notify', 'EmailSent', 10 + i));
    const audits = Array.from({ length: 30 }, (_, i) => eventView('audit', 'Audited', 100 + i));
    const trace = linkRecordsIntoTrace([placed, ...sent, ...audits], consumption);
    const group = (trace.roots[0] as TraceRecordNode).children[0] as CollapsedGroupNode;
    const last = group.members[21]!;
    expect(last.children).toHaveLength(1);
    expect(last.children[0]).toMatchObject({ type: 'collapsed', name: 'Audited', count: 30 });
  });
});

import { describe, expect, it } from 'vitest';
import { closeAll, edgeTitle, formatDuration, noToggles, toggleNode, traceTimeAxis, visibleTraceRows, waterfallBar } from '../../app/_lib/trace-rows';
import type { CollapsedGroupNode, TraceNode, TraceRecordNode } from '../link/contract';

// pure view logic of the trace page (app/_lib/trace-rows.ts); vitest only collects tests under server/ and scripts/

function record(id: string, timestamp: number, children: TraceNode[] = [], over: Partial<TraceRecordNode> = {}): TraceRecordNode {
  return { type: 'record', id, uuid: id, kind: 'event', name: id, source: null, service: null, topic: 't', timestamp, waitMs: null, processingMs: null, spanId: 's', edge: 'inferred', children, ...over };
}

function group(id: string, members: TraceRecordNode[]): CollapsedGroupNode {
  const first = members[0]!;
  return { type: 'collapsed', id, kind: 'event', name: 'n', source: null, service: null, count: members.length, memberIds: members.map((m) => m.id), members, timestamp: first.timestamp, lastTimestamp: members.at(-1)!.timestamp, errorCount: 0, edge: 'inferred', children: [] };
}

const leafA = record('a1', 1500);
const folded = group('g', [record('m1', 1200, [record('m1c', 1300)]), record('m2', 1800)]);
const request = record('req', 1000, [leafA, folded], { kind: 'request', edge: 'root', waitMs: 200, processingMs: 500 });
const roots: TraceNode[] = [request, record('other', 3000, [], { edge: 'root' })];

const ids = (toggles = noToggles) => visibleTraceRows(roots, toggles).map((row) => `${'.'.repeat(row.depth)}${row.node.id}`);

describe('visibleTraceRows', () => {
  it('shows record subtrees open and collapsed groups closed by default, in tree order with depths', () => {
    expect(ids()).toEqual(['req', '.a1', '.g', 'other']);
    const rows = visibleTraceRows(roots, noToggles);
    expect(rows[0]).toMatchObject({ expandable: true, expanded: true });
    expect(rows[2]).toMatchObject({ expandable: true, expanded: false });
    expect(rows[3]).toMatchObject({ expandable: false });
  });

  it('opens a group to its members and their subtrees, and closes a node to hide everything below', () => {
    const opened = toggleNode(noToggles, folded);
    expect(ids(opened)).toEqual(['req', '.a1', '.g', '..m1', '...m1c', '..m2', 'other']);
    expect(visibleTraceRows(roots, opened).filter((row) => row.inGroup).map((row) => row.node.id)).toEqual(['m1', 'm2']);
    expect(ids(toggleNode(opened, request))).toEqual(['req', 'other']);
    expect(ids(toggleNode(toggleNode(opened, request), request))).toEqual(ids(opened));
  });

  it('closes every node with children at once', () => {
    expect(ids(closeAll(roots))).toEqual(['req', 'other']);
  });

  it('walks a 10,000-deep chain without recursion', () => {
    let node = record('n0', 0);
    for (let i = 1; i < 10_000; i++) node = record(`n${i}`, i, [node]);
    const rows = visibleTraceRows([node], noToggles);
    expect(rows).toHaveLength(10_000);
    expect(rows.at(-1)?.depth).toBe(9_999);
  });
});

describe('waterfall', () => {
  it('places every bar on one axis spanning the first record to the last reaction', () => {
    const axis = traceTimeAxis(roots);
    expect(axis).toEqual({ start: 1000, span: 2000 });
    expect(waterfallBar(request, axis)).toEqual({ start: 0, wait: 0.1, processing: 0.15 });
    expect(waterfallBar(folded, axis)).toMatchObject({ start: 0.1, processing: 0 });
    expect(waterfallBar(folded, axis).wait).toBeCloseTo(0.3);
    expect(waterfallBar(leafA, axis)).toEqual({ start: 0.25, wait: 0, processing: 0 });
  });

  it('draws a request answered before anything else reacted as processing alone', () => {
    const answeredFirst = record('r', 1000, [], { kind: 'request', waitMs: 400, processingMs: 400 });
    expect(waterfallBar(answeredFirst, { start: 1000, span: 1000 })).toEqual({ start: 0, wait: 0, processing: 0.4 });
    const event = record('e', 1000, [], { waitMs: 250 });
    expect(waterfallBar(event, { start: 1000, span: 1000 })).toEqual({ start: 0, wait: 0.25, processing: 0 });
  });

  it('keeps a one-record trace on a non-empty axis', () => {
    expect(traceTimeAxis([record('x', 5)])).toEqual({ start: 5, span: 1 });
    expect(traceTimeAxis([])).toEqual({ start: 0, span: 1 });
  });
});

describe('labels', () => {
  it('formats durations', () => {
    expect([formatDuration(840), formatDuration(1234), formatDuration(12_400), formatDuration(185_000), formatDuration(3_725_000)]).toEqual(['840 ms', '1.23 s', '12.4 s', '3 min 05 s', '1 h 02 min']);
  });

  it('says how an edge was found and how sure it is', () => {
    expect(edgeTitle(record('x', 0, [], { edge: 'inferred', rule: "event on a topic the service's group reads", confidence: 'medium' }))).toBe(
      "inferred: event on a topic the service's group reads (confidence medium)",
    );
    expect(edgeTitle(record('x', 0, [], { edge: 'exact', rule: 'request_uuid', confidence: 'certain' }))).toBe('exact: request_uuid (confidence certain)');
    expect(edgeTitle(folded)).toContain('2 siblings');
  });
});

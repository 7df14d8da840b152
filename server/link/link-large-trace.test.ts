import { describe, expect, it } from 'vitest';
import { linkRules, type CollapsedGroupNode } from './contract';
import { batchConsumption, batchImportRecords } from './large-trace.fixture';
import { linkRecordsIntoTrace } from './link-records';
import { nodesById } from './trace-records.fixture';

describe('linkRecordsIntoTrace on a 10,000-record trace', () => {
  const records = batchImportRecords(2000);
  const trace = linkRecordsIntoTrace(records, batchConsumption);
  const nodes = nodesById(trace.roots);

  it('keeps every record once', () => {
    expect(records).toHaveLength(10_000);
    expect(trace.recordCount).toBe(10_000);
    expect(nodes.size).toBe(10_000);
    expect(trace).toMatchObject({ durationMs: 9999, services: ['billing', 'orders', 'stock'], status: 'error' });
  });

  it('collapses the 2,000 sibling imports into one group beside the first charge', () => {
    expect(trace.roots).toHaveLength(2);
    const [imports, firstCharge] = trace.roots;
    expect(imports).toMatchObject({ type: 'collapsed', kind: 'event', name: 'ItemImported', service: 'orders', count: 2000, edge: 'root' });
    expect((imports as CollapsedGroupNode).memberIds).toHaveLength(2000);
    expect(firstCharge).toMatchObject({ type: 'record', name: 'ChargeItem', processingMs: 2 });
  });

  it('links each item through its chain', () => {
    const byKind = (name: string) => [...nodes.values()].filter((node) => node.name === name);
    for (const reserved of byKind('StockReserved')) expect(reserved).toMatchObject({ edge: 'inferred', rule: linkRules.eventConsumed });
    for (const result of byKind('ChargeItemResult')) expect(result).toMatchObject({ edge: 'exact', confidence: 'certain' });
    const charges = byKind('ChargeItem');
    expect(charges.filter((charge) => charge.edge === 'inferred' && charge.rule === linkRules.responseReceived)).toHaveLength(1999);
    expect(charges.every((charge) => charge.children.some((child) => child.type === 'record' && child.name === 'ChargeItemResult'))).toBe(true);
    expect([...nodes.values()].filter((node) => node.error !== undefined)).toHaveLength(20);
  });
});

import type { RecordView } from '../store/contract';
import type { ServiceConsumption } from './contract';
import { eventView, requestView, responseView } from './trace-records.fixture';

/** stock reacts to orders' events, orders reads billing's responses. */
export const batchConsumption: ServiceConsumption = {
  topicsByService: { orders: ['billing-responses'], billing: ['billing-requests'], stock: ['orders-events'] },
};

/**
 * A batch import of `items` items, 5 records each, shuffled: orders imports every item (thousands of sibling
 * roots), stock reserves each, then orders charges them one after another through billing (a chain thousands deep).
 */
export function batchImportRecords(items: number): RecordView[] {
  const records: RecordView[] = [];
  for (let i = 0; i < items; i++) {
    records.push(eventView('orders', 'ItemImported', 2 * i), eventView('stock', 'StockReserved', 2 * i + 1));
  }
  for (let i = 0; i < items; i++) {
    const at = 2 * items + 3 * i;
    const charge = requestView('orders', 'billing', 'ChargeItem', at);
    const failed = i % 100 === 99;
    records.push(charge, eventView('billing', 'ItemCharged', at + 1), responseView(charge, at + 2, failed ? { record: { ok: false, error_code: 402 } } : {}));
  }
  let seed = 42;
  for (let i = records.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = seed % (i + 1);
    [records[i], records[j]] = [records[j]!, records[i]!];
  }
  return records;
}

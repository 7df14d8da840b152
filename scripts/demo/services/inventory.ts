/** The inventory service: reserves stock for placed orders and releases it when an order is cancelled. */
import { dataLines, stockLow, stockReleased, stockReserved } from '../fulfilment-records';
import { chance, pick, type Rng } from '../random-source';
import type { ShopOutput, ShopService } from './shop-service';

export function createInventoryService(rng: Rng): ShopService {
  return {
    name: 'inventory',
    handlers: [
      {
        topic: 'orders-events',
        namespace: 'urn:orders',
        names: ['OrderPlaced', 'OrderCancelled'],
        workMs: [20, 120],
        react(record, now) {
          const s = { rng, now };
          if (record.name === 'OrderCancelled') return { outputs: [{ topic: 'inventory-events', record: stockReleased(record, s) }] };
          const outputs: ShopOutput[] = [{ topic: 'inventory-events', record: stockReserved(record, s) }];
          const lines = dataLines(record);
          if (lines.length > 0 && chance(rng, 0.04)) outputs.push({ topic: 'inventory-events', record: stockLow(record, pick(rng, lines).sku, { rng, now: now + 1 }) });
          return { outputs };
        },
      },
    ],
  };
}

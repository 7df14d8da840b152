/** The shipping service: schedules a shipment for each confirmed order, ships it a little later, and quotes prices. */
import { parcelShipped, quoteShippingResult, shipmentScheduled } from '../fulfilment-records';
import { between, type Rng } from '../random-source';
import type { ShopService } from './shop-service';

export function createShippingService(rng: Rng): ShopService {
  return {
    name: 'shipping',
    handlers: [
      {
        topic: 'orders-events',
        namespace: 'urn:orders',
        names: ['OrderConfirmed'],
        workMs: [40, 200],
        react(confirmed, now) {
          const scheduled = shipmentScheduled(confirmed, { rng, now });
          return {
            outputs: [{ topic: 'shipping-events', record: scheduled }],
            // the warehouse picks and hands the parcel over outside the handler
            later: [{ afterMs: between(rng, 1500, 6000), run: (at) => [{ topic: 'shipping-events', record: parcelShipped(scheduled, { rng, now: at }) }] }],
          };
        },
      },
      {
        topic: 'shipping-requests',
        namespace: 'urn:shipping',
        names: ['QuoteShipping'],
        workMs: [20, 120],
        react: (request, now) => ({ outputs: [{ topic: 'shipping-responses', record: quoteShippingResult(request, { rng, now }) }] }),
      },
    ],
  };
}

/** The orders service: the checkout and cart endpoints, and the reaction to billing's answers. */
import type { EventyRecord } from '../../../server/decode/contract';
import { newCorrelationId } from '../eventy-builders';
import { QUOTE_LABEL, quoteShipping } from '../fulfilment-records';
import { pick, type Rng } from '../random-source';
import { customers, randomCart, randomOrder, weightOf, type Order } from '../shop-catalog';
import { CHECKOUT_LABEL, chargeCustomer, orderCancelled, orderConfirmed, orderPlaced } from '../shop-records';
import { reactWith, type Reaction, type ShopOutput, type ShopService } from './shop-service';

/** Orders waiting for their charge; stands in for the orders table, so it is bounded. */
const MAX_PENDING = 50_000;

export interface OrdersService extends ShopService {
  /** `POST /api/orders`: OrderPlaced, then ChargeCustomer to billing, one correlation id */
  placeOrder(now: number): ShopOutput[];
  /** `GET /api/cart/shipping-quote`: asks shipping for a price */
  quoteCart(now: number): ShopOutput[];
  pendingCharges(): number;
}

export function createOrdersService(rng: Rng, firstOrderNumber: number): OrdersService {
  const pending = new Map<string, Order>();
  let nextOrderNumber = firstOrderNumber;

  const remember = (requestUuid: string, order: Order) => {
    pending.set(requestUuid, order);
    if (pending.size > MAX_PENDING) pending.delete(pending.keys().next().value!);
  };

  const settleCharge = (result: EventyRecord, now: number): Reaction => {
    const order = result.request_uuid === undefined ? undefined : pending.get(result.request_uuid);
    // An answer to a request of an earlier run: its order is not in memory any more.
    if (!order) return { outputs: [] };
    pending.delete(result.request_uuid!);
    const s = { rng, now };
    return reactWith({ topic: 'orders-events', record: result.ok ? orderConfirmed(order, result, s) : orderCancelled(order, result, s) });
  };

  return {
    name: 'orders',
    handlers: [
      { topic: 'billing-responses', namespace: 'urn:billing', names: ['ChargeCustomerResult'], destination: 'urn:orders', workMs: [10, 60], react: settleCharge },
      // The cart page got its price; nothing else to write.
      { topic: 'shipping-responses', namespace: 'urn:shipping', names: ['QuoteShippingResult'], destination: 'urn:orders', workMs: [5, 30], react: () => ({ outputs: [] }) },
    ],
    placeOrder(now) {
      const order = randomOrder(rng, `order-${nextOrderNumber++}`);
      const correlationId = newCorrelationId('orders', CHECKOUT_LABEL, rng);
      const placed = orderPlaced(order, correlationId, { rng, now });
      const charge = chargeCustomer(order, correlationId, { rng, now: now + 3 });
      remember(charge.uuid, order);
      return [
        { topic: 'orders-events', record: placed },
        { topic: 'billing-requests', record: charge },
      ];
    },
    quoteCart(now) {
      const customer = pick(rng, customers);
      const correlationId = newCorrelationId('orders', QUOTE_LABEL, rng);
      return [{ topic: 'shipping-requests', record: quoteShipping(customer, weightOf(randomCart(rng)), correlationId, { rng, now }) }];
    },
    pendingCharges: () => pending.size,
  };
}

import { describe, expect, it } from 'vitest';
import { decodeEventyValue, encodeEventyJson } from '../../../server/decode';
import type { EventyRecord } from '../../../server/decode/contract';
import { seededRng } from '../random-source';
import { createBillingService } from './billing';
import { createInventoryService } from './inventory';
import { createNotificationsService } from './notifications';
import { createOrdersService } from './orders';
import { createShippingService } from './shipping';
import { matchingHandler, type ShopOutput, type ShopService } from './shop-service';

/** Delivers outputs to every service the way Kafka + eventy would, through the wire format, until nothing is left. */
function runToCompletion(services: ShopService[], first: ShopOutput[]): { topic: string; record: EventyRecord; by: string }[] {
  const written = first.map((o) => ({ ...o, by: 'orders' }));
  const queue = [...first];
  let now = Date.UTC(2024, 0, 15, 10, 30);
  for (let output = queue.shift(); output; output = queue.shift()) {
    const decoded = decodeEventyValue(encodeEventyJson(output.record));
    if (decoded.kind === 'undecodable') throw new Error(decoded.reason);
    for (const service of services) {
      const handler = matchingHandler(service, output.topic, decoded.record);
      if (!handler) continue;
      now += 50;
      const reaction = handler.react(decoded.record, now);
      const produced = [...reaction.outputs, ...(reaction.later ?? []).flatMap((w) => w.run(now + w.afterMs))];
      written.push(...produced.map((o) => ({ ...o, by: service.name })));
      queue.push(...produced);
    }
  }
  return written;
}

function shop(seed: number, billingFailureRate: number) {
  const rng = seededRng(seed);
  const orders = createOrdersService(rng, 1042);
  const services = [orders, createBillingService(rng, billingFailureRate), createInventoryService(rng), createShippingService(rng), createNotificationsService(rng)];
  return { orders, services, now: Date.UTC(2024, 0, 15, 10, 30) };
}

describe('the simulated shop', () => {
  it('takes a paid order through billing, inventory, shipping and notifications under one correlation id', () => {
    const { orders, services, now } = shop(1, 0);
    const written = runToCompletion(services, orders.placeOrder(now));
    const names = written.map((w) => `${w.by}:${w.topic}:${w.record.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'orders:orders-events:OrderPlaced',
        'orders:billing-requests:ChargeCustomer',
        'billing:billing-events:PaymentCaptured',
        'billing:billing-responses:ChargeCustomerResult',
        'orders:orders-events:OrderConfirmed',
        'inventory:inventory-events:StockReserved',
        'shipping:shipping-events:ShipmentScheduled',
        'shipping:shipping-events:ParcelShipped',
        'notifications:notifications-events:EmailSent',
      ]),
    );
    expect(names.filter((n) => n.endsWith('EmailSent'))).toHaveLength(2);
    expect(new Set(written.map((w) => w.record.correlation_id)).size).toBe(1);
    expect(written[0]!.record.correlation_id).toMatch(/^orders:POST_\/api\/orders:[A-Za-z0-9_-]{11}$/);
    expect(orders.pendingCharges()).toBe(0);
  });

  it('cancels an order whose charge fails, releases its stock and tells the customer', () => {
    const { orders, services, now } = shop(2, 1);
    const written = runToCompletion(services, orders.placeOrder(now));
    const names = written.map((w) => w.record.name);
    expect(names).toEqual(expect.arrayContaining(['OrderCancelled', 'StockReleased', 'EmailSent']));
    expect(names).not.toContain('OrderConfirmed');
    expect(names).not.toContain('PaymentCaptured');
    const result = written.find((w) => w.record.name === 'ChargeCustomerResult')!.record;
    expect(result).toMatchObject({ ok: false, data: {} });
    expect([402, 409]).toContain(result.error_code);
  });

  it('answers a cart shipping quote on shipping-responses, addressed to orders', () => {
    const { orders, services, now } = shop(3, 0);
    const written = runToCompletion(services, orders.quoteCart(now));
    expect(written.map((w) => `${w.topic}:${w.record.name}`)).toEqual(['shipping-requests:QuoteShipping', 'shipping-responses:QuoteShippingResult']);
    expect(written[1]!.record).toMatchObject({ destination: 'urn:orders', request_uuid: written[0]!.record.uuid });
    expect(written[0]!.record.correlation_id).toMatch(/^orders:GET_\/api\/cart\/shipping-quote:/);
  });

  it('ignores a charge answer for an order it does not know (an earlier run)', () => {
    const first = shop(4, 0);
    const second = shop(4, 0);
    const written = runToCompletion(first.services.slice(1), first.orders.placeOrder(first.now));
    const result = written.find((w) => w.record.name === 'ChargeCustomerResult')!;
    const handler = matchingHandler(second.orders, result.topic, result.record)!;
    expect(handler.react(result.record, first.now).outputs).toEqual([]);
  });
});

/** The records of the orders and billing services: checkout, charge, confirmation or cancellation. */
import { formatEventyDateIso } from '../../server/decode';
import type { EventyRecord } from '../../server/decode/contract';
import { eventyEvent, eventyRequest, eventyResponse, type Stamp } from './eventy-builders';
import type { Order } from './shop-catalog';
import { between, chance, pick, urlSafeToken, type Rng } from './random-source';

export const CHECKOUT_LABEL = 'POST_/api/orders';

/** Reads a string out of a record's data; records come off Kafka, so nothing is trusted. */
export function dataString(record: EventyRecord, key: string): string | null {
  const value = record.data[key];
  return typeof value === 'string' ? value : null;
}

export function dataNumber(record: EventyRecord, key: string): number | null {
  const value = record.data[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The shop's web app puts the logged-in user under its own URN; guests have no context. */
export function userContext(order: Order): Record<string, unknown> {
  return order.customer.userId ? { 'urn:orders': { user_id: order.customer.userId } } : {};
}

export function orderPlaced(order: Order, correlationId: string, s: Stamp): EventyRecord {
  const { customer } = order;
  return eventyEvent(
    {
      namespace: 'urn:orders', name: 'OrderPlaced', version: '1.2.0', correlation_id: correlationId, partition_key: order.orderId, context: userContext(order),
      data: {
        order_id: order.orderId, customer_id: customer.id, channel: 'web', lines: order.lines,
        subtotal_cents: order.subtotalCents, shipping_cents: order.shippingCents, total_cents: order.totalCents, currency: order.currency,
        shipping_address: { name: customer.name, ...customer.address },
      },
    },
    s,
  );
}

export function chargeCustomer(order: Order, correlationId: string, s: Stamp): EventyRecord {
  const brand = order.customer.id.length % 2 === 0 ? 'visa' : 'mastercard';
  return eventyRequest(
    {
      namespace: 'urn:billing', name: 'ChargeCustomer', version: '1.2.0', source: 'urn:orders', correlation_id: correlationId, partition_key: order.customer.id, context: userContext(order),
      data: {
        customer_id: order.customer.id, order_id: order.orderId, amount_cents: order.totalCents, currency: order.currency,
        payment_method: { type: 'card', brand, last4: order.customer.id.slice(-2).padStart(4, '4') }, idempotency_key: `charge-${order.orderId}`,
      },
    },
    s,
  );
}

export function orderConfirmed(order: Order, result: EventyRecord, s: Stamp): EventyRecord {
  const { customer } = order;
  return eventyEvent(
    {
      namespace: 'urn:orders', name: 'OrderConfirmed', version: '1.1.0', correlation_id: result.correlation_id, partition_key: order.orderId, context: result.context,
      data: {
        order_id: order.orderId, customer_id: customer.id, charge_id: dataString(result, 'charge_id'), total_cents: order.totalCents, currency: order.currency,
        lines: order.lines, weight_grams: order.weightGrams, shipping_address: { name: customer.name, ...customer.address },
      },
    },
    s,
  );
}

export function orderCancelled(order: Order, result: EventyRecord, s: Stamp): EventyRecord {
  return eventyEvent(
    {
      namespace: 'urn:orders', name: 'OrderCancelled', version: '1.1.0', correlation_id: result.correlation_id, partition_key: order.orderId, context: result.context,
      data: {
        order_id: order.orderId, customer_id: order.customer.id, reason: 'payment_failed',
        payment_error: { code: result.error_code ?? null, message: result.error_message ?? null }, lines: order.lines,
      },
    },
    s,
  );
}

export type ChargeOutcome = { ok: true; chargeId: string } | { ok: false; code: number; message: string };

const declines: readonly { code: number; message: string }[] = [
  { code: 402, message: 'card declined: insufficient funds' },
  { code: 402, message: 'card declined: expired card' },
  { code: 402, message: 'card declined: do not honor' },
  { code: 409, message: 'duplicate charge for this idempotency key' },
];

/** About one charge in fourteen fails, mostly card declines. */
export function decideCharge(rng: Rng, failureRate = 0.07): ChargeOutcome {
  return chance(rng, failureRate) ? { ok: false, ...pick(rng, declines) } : { ok: true, chargeId: `ch_${urlSafeToken(rng, 9)}` };
}

export function chargeCustomerResult(request: EventyRecord, outcome: ChargeOutcome, s: Stamp): EventyRecord {
  const common = { name: 'ChargeCustomerResult', version: '1.2.0', partition_key: request.partition_key, context: request.context };
  if (!outcome.ok) return eventyResponse(request, { ...common, ok: false, error_code: outcome.code, error_message: outcome.message, data: {} }, s);
  return eventyResponse(
    request,
    {
      ...common,
      data: {
        charge_id: outcome.chargeId, order_id: dataString(request, 'order_id'), amount_cents: dataNumber(request, 'amount_cents'),
        currency: dataString(request, 'currency'), captured_at: formatEventyDateIso(s.now),
      },
    },
    s,
  );
}

export function paymentCaptured(request: EventyRecord, chargeId: string, s: Stamp): EventyRecord {
  const amount = dataNumber(request, 'amount_cents') ?? 0;
  return eventyEvent(
    {
      namespace: 'urn:billing', name: 'PaymentCaptured', version: '2.0.0', correlation_id: request.correlation_id, partition_key: request.partition_key, context: request.context,
      data: {
        charge_id: chargeId, order_id: dataString(request, 'order_id'), customer_id: dataString(request, 'customer_id'),
        amount_cents: amount, fee_cents: Math.round(amount * 0.014) + 25, currency: dataString(request, 'currency'),
        provider: 'adyen', psp_reference: String(between(s.rng, 10 ** 14, 10 ** 15 - 1)),
      },
    },
    s,
  );
}

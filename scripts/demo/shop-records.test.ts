import { describe, expect, it } from 'vitest';
import { decodeEventyValue, encodeEventyJson } from '../../server/decode';
import type { EventyRecord } from '../../server/decode/contract';
import { seededRng } from './random-source';
import { customers, randomOrder } from './shop-catalog';
import { chargeCustomer, chargeCustomerResult, decideCharge, orderCancelled, orderConfirmed, orderPlaced, paymentCaptured } from './shop-records';

const rng = seededRng(42);
const now = Date.UTC(2024, 0, 15, 10, 30, 0, 0);
const s = { rng, now };
const cid = 'orders:POST_/api/orders:q8Zr1YwK3bE';

function roundTrip(record: EventyRecord) {
  const decoded = decodeEventyValue(encodeEventyJson(record));
  if (decoded.kind === 'undecodable') throw new Error(`undecodable: ${decoded.reason}`);
  return decoded;
}

describe('orders and billing records', () => {
  const order = { ...randomOrder(rng, 'order-1042'), customer: customers[0]! };

  it('adds up an order: lines, shipping, total', () => {
    const subtotal = order.lines.reduce((sum, l) => sum + l.quantity * l.unit_price_cents, 0);
    expect(order.subtotalCents).toBe(subtotal);
    expect(order.totalCents).toBe(subtotal + order.shippingCents);
  });

  it('keys OrderPlaced by order and ChargeCustomer by customer, both under the checkout correlation id', () => {
    const placed = orderPlaced(order, cid, s);
    const charge = chargeCustomer(order, cid, s);
    expect(placed).toMatchObject({ type: 'EVENT', namespace: 'urn:orders', name: 'OrderPlaced', partition_key: 'order-1042', correlation_id: cid, context: { 'urn:orders': { user_id: 'u-981' } } });
    expect(charge).toMatchObject({ type: 'REQUEST', namespace: 'urn:billing', source: 'urn:orders', partition_key: 'cus-77', correlation_id: cid });
    expect(charge.data).toMatchObject({ order_id: 'order-1042', amount_cents: order.totalCents, currency: 'EUR' });
  });

  it('answers a charge with the request correlation id, uuid and requester as destination', () => {
    const charge = chargeCustomer(order, cid, s);
    const result = chargeCustomerResult(charge, { ok: true, chargeId: 'ch_1' }, s);
    expect(result).toMatchObject({ type: 'RESPONSE', source: 'urn:billing', destination: 'urn:orders', request_uuid: charge.uuid, correlation_id: cid, partition_key: 'cus-77', ok: true });
    expect(result.data).toMatchObject({ charge_id: 'ch_1', order_id: 'order-1042', amount_cents: order.totalCents });
    expect(result.context).toEqual(charge.context);
  });

  it('reports a declined card as ok=false with a code, a message and empty data', () => {
    const charge = chargeCustomer(order, cid, s);
    const result = chargeCustomerResult(charge, { ok: false, code: 402, message: 'card declined: expired card' }, s);
    expect(result).toMatchObject({ ok: false, error_code: 402, error_message: 'card declined: expired card', data: {}, request_uuid: charge.uuid });
    const cancelled = orderCancelled(order, result, s);
    expect(cancelled).toMatchObject({ name: 'OrderCancelled', correlation_id: cid, partition_key: 'order-1042' });
    expect(cancelled.data.payment_error).toEqual({ code: 402, message: 'card declined: expired card' });
  });

  it('fails about 7% of charges', () => {
    const r = seededRng(5);
    const failures = Array.from({ length: 5000 }, () => decideCharge(r)).filter((o) => !o.ok).length;
    expect(failures / 5000).toBeGreaterThan(0.055);
    expect(failures / 5000).toBeLessThan(0.085);
  });

  it('encodes every record kind to eventy JSON that decodes back unchanged', () => {
    const charge = chargeCustomer(order, cid, s);
    const ok = chargeCustomerResult(charge, { ok: true, chargeId: 'ch_1' }, s);
    const declined = chargeCustomerResult(charge, { ok: false, code: 409, message: 'duplicate charge for this idempotency key' }, s);
    const records = [orderPlaced(order, cid, s), charge, ok, declined, paymentCaptured(charge, 'ch_1', s), orderConfirmed(order, ok, s), orderCancelled(order, declined, s)];
    for (const record of records) {
      const decoded = roundTrip(record);
      expect(decoded.kind).toBe(record.type.toLowerCase());
      expect(decoded.record).toEqual(record);
    }
  });

  it('writes non-ASCII names as \\u escapes, as Python json.dumps does', () => {
    const value = encodeEventyJson(orderPlaced(order, cid, s)).toString('utf8');
    expect(value.startsWith('{"type": "EVENT", "namespace": "urn:orders", "name": "OrderPlaced", ')).toBe(true);
    expect(value).toContain('Zo\\u00eb M\\u00fcller');
    expect(/[^\x20-\x7e]/.test(value)).toBe(false);
  });
});

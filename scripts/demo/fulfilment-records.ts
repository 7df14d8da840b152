/** The records of the inventory, shipping and notifications services. */
import { formatEventyDateIso } from '../../server/decode';
import type { EventyRecord } from '../../server/decode/contract';
import { eventyEvent, eventyRequest, eventyResponse, type Stamp } from './eventy-builders';
import { between, chance, pick, urlSafeToken } from './random-source';
import type { Address, Customer, OrderLine } from './shop-catalog';
import { dataString } from './shop-records';

export const QUOTE_LABEL = 'GET_/api/cart/shipping-quote';

/** The order lines of an orders event, or none when the payload is not what the schema says. */
export function dataLines(record: EventyRecord): Pick<OrderLine, 'sku' | 'quantity'>[] {
  const lines = record.data.lines;
  if (!Array.isArray(lines)) return [];
  return lines.flatMap((l: unknown) => {
    const { sku, quantity } = (l ?? {}) as Record<string, unknown>;
    return typeof sku === 'string' && typeof quantity === 'number' ? [{ sku, quantity }] : [];
  });
}

const inventoryEvent = (cause: EventyRecord, name: string, key: string | null, data: Record<string, unknown>, s: Stamp) =>
  eventyEvent({ namespace: 'urn:inventory', name, version: '1.0.0', correlation_id: cause.correlation_id, partition_key: key, data }, s);

export function stockReserved(placed: EventyRecord, s: Stamp): EventyRecord {
  const orderId = dataString(placed, 'order_id');
  return inventoryEvent(placed, 'StockReserved', orderId, { reservation_id: `res-${urlSafeToken(s.rng, 6)}`, order_id: orderId, warehouse: 'DE-BER-1', items: dataLines(placed), expires_at: formatEventyDateIso(s.now + 30 * 60_000) }, s);
}

export function stockReleased(cancelled: EventyRecord, s: Stamp): EventyRecord {
  const orderId = dataString(cancelled, 'order_id');
  return inventoryEvent(cancelled, 'StockReleased', orderId, { order_id: orderId, warehouse: 'DE-BER-1', reason: 'order_cancelled', items: dataLines(cancelled) }, s);
}

export function stockLow(placed: EventyRecord, sku: string, s: Stamp): EventyRecord {
  return inventoryEvent(placed, 'StockLow', sku, { sku, warehouse: 'DE-BER-1', available: between(s.rng, 0, 9), reorder_point: 10 }, s);
}

const carriersByCountry: Record<string, readonly string[]> = { DE: ['DHL', 'Hermes'], FR: ['Colissimo', 'Chronopost'], DK: ['PostNord'], NO: ['PostNord', 'Bring'] };

function carrierFor(country: unknown, s: Stamp): string {
  return pick(s.rng, carriersByCountry[String(country)] ?? ['DPD', 'GLS', 'UPS']);
}

const shippingEvent = (cause: EventyRecord, name: string, version: string, data: Record<string, unknown>, s: Stamp) =>
  eventyEvent({ namespace: 'urn:shipping', name, version, correlation_id: cause.correlation_id, partition_key: cause.partition_key, data }, s);

export function shipmentScheduled(confirmed: EventyRecord, s: Stamp): EventyRecord {
  const address = (confirmed.data.shipping_address ?? {}) as Partial<Address>;
  const pickup = s.now + between(s.rng, 2, 20) * 3_600_000;
  return shippingEvent(confirmed, 'ShipmentScheduled', '1.3.0', {
    shipment_id: `shp-${urlSafeToken(s.rng, 6)}`, order_id: dataString(confirmed, 'order_id'), customer_id: dataString(confirmed, 'customer_id'),
    carrier: carrierFor(address.country, s), service_level: 'standard', parcels: [{ weight_grams: confirmed.data.weight_grams ?? null }],
    pickup_window: { from: formatEventyDateIso(pickup), to: formatEventyDateIso(pickup + 4 * 3_600_000) }, destination: address,
  }, s);
}

export function parcelShipped(scheduled: EventyRecord, s: Stamp): EventyRecord {
  const carrier = dataString(scheduled, 'carrier') ?? 'DHL';
  const tracking = `${carrier.slice(0, 2).toUpperCase()}${between(s.rng, 10 ** 9, 10 ** 10 - 1)}`;
  return shippingEvent(scheduled, 'ParcelShipped', '1.0.0', {
    shipment_id: dataString(scheduled, 'shipment_id'), order_id: dataString(scheduled, 'order_id'), customer_id: dataString(scheduled, 'customer_id'),
    carrier, tracking_number: tracking, tracking_url: `https://track.example.com/${carrier.toLowerCase()}/${tracking}`, shipped_at: formatEventyDateIso(s.now),
  }, s);
}

export function quoteShipping(customer: Customer, weightGrams: number, correlationId: string, s: Stamp): EventyRecord {
  return eventyRequest({
    namespace: 'urn:shipping', name: 'QuoteShipping', version: '1.0.0', source: 'urn:orders', correlation_id: correlationId, partition_key: customer.id,
    context: customer.userId ? { 'urn:orders': { user_id: customer.userId } } : {},
    data: { customer_id: customer.id, destination: customer.address, parcels: [{ weight_grams: weightGrams }] },
  }, s);
}

/** A few destinations are out of reach: those answers are business errors, not crashes. */
export function quoteShippingResult(request: EventyRecord, s: Stamp): EventyRecord {
  const common = { name: 'QuoteShippingResult', version: '1.0.0', partition_key: request.partition_key };
  const destination = (request.data.destination ?? {}) as Partial<Address>;
  if (chance(s.rng, 0.03)) {
    return eventyResponse(request, { ...common, ok: false, error_code: 422, error_message: `no carrier serves postal code ${destination.postal_code ?? '?'}`, data: {} }, s);
  }
  const carrier = carrierFor(destination.country, s);
  return eventyResponse(request, {
    ...common,
    data: { quotes: [
      { carrier, service_level: 'standard', price_cents: 490, currency: 'EUR', estimated_days: between(s.rng, 2, 5) },
      { carrier, service_level: 'express', price_cents: 1290, currency: 'EUR', estimated_days: 1 },
    ] },
  }, s);
}

export type EmailTemplate = 'order_confirmed' | 'order_cancelled' | 'parcel_shipped';

const subjects: Record<EmailTemplate, Record<'de' | 'fr' | 'en', (id: string) => string>> = {
  order_confirmed: { de: (id) => `Ihre Bestellung ${id} ist bestätigt`, fr: (id) => `Votre commande ${id} est confirmée`, en: (id) => `Your order ${id} is confirmed` },
  order_cancelled: { de: (id) => `Zahlung für ${id} fehlgeschlagen`, fr: (id) => `Échec du paiement pour ${id}`, en: (id) => `Payment for ${id} failed` },
  parcel_shipped: { de: (id) => `Ihr Paket zu ${id} ist unterwegs 📦`, fr: (id) => `Votre colis ${id} est en route 📦`, en: (id) => `Your parcel for ${id} is on its way 📦` },
};

export function emailSent(cause: EventyRecord, customer: Customer, template: EmailTemplate, s: Stamp): EventyRecord {
  const language = customer.locale.slice(0, 2);
  const subject = subjects[template][language === 'de' || language === 'fr' ? language : 'en'];
  const orderId = dataString(cause, 'order_id') ?? '?';
  return eventyEvent({
    namespace: 'urn:notifications', name: 'EmailSent', version: '1.0.0', correlation_id: cause.correlation_id, partition_key: customer.id,
    data: { message_id: `<${urlSafeToken(s.rng, 12)}@mail.shop.example>`, template, to: { name: customer.name, email: customer.email }, locale: customer.locale, subject: subject(orderId), order_id: orderId, provider: 'ses' },
  }, s);
}

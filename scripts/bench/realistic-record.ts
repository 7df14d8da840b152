import { encoded, testEvent } from '../../testing/eventy-records';

/** A ~1 KB Eventy event shaped like a real order, as the ingest benchmarks produce them. */
export function realisticRecord(i: number) {
  return encoded(
    testEvent({
      partition_key: `order-${i}`,
      context: { 'urn:orders': { user_id: `u-${i % 5000}`, tenant: 'eu-west' } },
      data: {
        order_id: `order-${i}`,
        customer: { id: `cus-${i % 20000}`, name: 'Zoë Müller', email: `customer${i}@example.com` },
        lines: Array.from({ length: 4 }, (_, l) => ({ sku: `sku-${(i + l) % 3000}`, qty: 1 + (l % 3), unit_cents: 1299 + l * 100, title: `Item ${l} of order` })),
        shipping: { street: '12 Rue de la Paix', city: 'Paris', postcode: '75002', country: 'FR' },
        total_cents: 4599 + (i % 1000),
        currency: 'EUR',
        note: `bench record ${i}`,
      },
    }),
  );
}

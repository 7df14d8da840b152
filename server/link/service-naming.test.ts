import { describe, expect, it } from 'vitest';
import { createServiceNaming } from './service-naming';

describe('createServiceNaming', () => {
  const naming = createServiceNaming({
    topicsByService: { shipping: ['orders-events', 'pay.out'], notify: ['orders-events'] },
    overrides: { payments: { urn: 'urn:acme:payments', eventsTopic: 'pay.out' }, stock: { requestsTopic: 'stock.in' } },
  });

  it('follows the default convention of protocol §3.2', () => {
    expect(naming.ownerOfTopic('billing-requests')).toEqual({ service: 'billing', role: 'requests' });
    expect(naming.ownerOfTopic('my-shop-events')).toEqual({ service: 'my-shop', role: 'events' });
    expect(naming.ownerOfTopic('audit.log')).toBeNull();
    expect(naming.serviceOfUrn('urn:billing')).toBe('billing');
    expect(naming.urnOfService('billing')).toBe('urn:billing');
  });

  it('applies overridden topics and URNs, and no longer gives the default topic to that service', () => {
    expect(naming.ownerOfTopic('pay.out')).toEqual({ service: 'payments', role: 'events' });
    expect(naming.serviceOfUrn('urn:acme:payments')).toBe('payments');
    expect(naming.urnOfService('payments')).toBe('urn:acme:payments');
    expect(naming.ownerOfTopic('stock.in')).toEqual({ service: 'stock', role: 'requests' });
    expect(naming.ownerOfTopic('stock-requests')).toBeNull();
  });

  it("lists the services whose groups read a topic", () => {
    expect(naming.readersOfTopic('orders-events')).toEqual(['shipping', 'notify']);
    expect(naming.readersOfTopic('billing-events')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { testEvent, testRequest, testResponse } from '../../../testing/eventy-records';
import { matchingHandler, subscribedTopics, type ShopService } from './shop-service';

const none = () => ({ outputs: [] });
const service: ShopService = {
  name: 'orders',
  handlers: [
    { topic: 'billing-responses', namespace: 'urn:billing', names: ['ChargeCustomerResult'], destination: 'urn:orders', workMs: [0, 0], react: none },
    { topic: 'orders-events', namespace: 'urn:orders', names: ['OrderPlaced'], workMs: [0, 0], react: none },
  ],
};

describe('matching records to handlers', () => {
  const request = testRequest({ source: 'urn:orders' });

  it('keeps responses addressed to the service and drops those for other requesters', () => {
    expect(matchingHandler(service, 'billing-responses', testResponse(request))).toBe(service.handlers[0]);
    const forSomeoneElse = testResponse(testRequest({ source: 'urn:subscriptions' }));
    expect(matchingHandler(service, 'billing-responses', forSomeoneElse)).toBeUndefined();
  });

  it('needs topic, namespace and name to match', () => {
    expect(matchingHandler(service, 'orders-events', testEvent())).toBe(service.handlers[1]);
    expect(matchingHandler(service, 'other-events', testEvent())).toBeUndefined();
    expect(matchingHandler(service, 'orders-events', testEvent({ namespace: 'urn:legacy' }))).toBeUndefined();
    expect(matchingHandler(service, 'orders-events', testEvent({ name: 'OrderShipped' }))).toBeUndefined();
  });

  it('subscribes once to each topic it has a handler for', () => {
    expect(subscribedTopics(service)).toEqual(['billing-responses', 'orders-events']);
  });
});

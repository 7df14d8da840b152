import { describe, expect, it } from 'vitest';
import { eventyEvent, eventyRequest, eventyResponse, newCorrelationId } from './eventy-builders';
import { poissonGapMs, seededRng, urlSafeToken, uuidFrom } from './random-source';

const at = Date.UTC(2024, 0, 15, 10, 30, 0, 123);

describe('eventy record builders', () => {
  it('makes correlation ids the way eventy does: service, label, 11 url-safe characters', () => {
    const id = newCorrelationId('orders', 'POST_/api/orders', seededRng(1));
    expect(id).toMatch(/^orders:POST_\/api\/orders:[A-Za-z0-9_-]{11}$/);
  });

  it('draws uuids v4 and tokens from the given source, the same for the same seed', () => {
    expect(uuidFrom(seededRng(7))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidFrom(seededRng(7))).toBe(uuidFrom(seededRng(7)));
    expect(urlSafeToken(seededRng(3))).toHaveLength(11);
  });

  it('spaces arrivals around the mean of a Poisson process', () => {
    const rng = seededRng(11);
    const gaps = Array.from({ length: 4000 }, () => poissonGapMs(rng, 5));
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(mean).toBeGreaterThan(180);
    expect(mean).toBeLessThan(220);
  });

  it('stamps an event with protocol 3.0.0, its own URN as source and a Python-style date', () => {
    const event = eventyEvent({ namespace: 'urn:orders', name: 'OrderPlaced', version: '1.2.0', correlation_id: 'c', partition_key: 'order-1', data: { a: 1 } }, { rng: seededRng(1), now: at });
    expect(event).toMatchObject({ type: 'EVENT', protocol_version: '3.0.0', source: 'urn:orders', date_timestamp: at, date_iso8601: '2024-01-15T10:30:00.123000+00:00', context: {} });
    expect(event).not.toHaveProperty('destination');
  });

  it('answers a request in its namespace, addressed to the requester, with its correlation id and uuid', () => {
    const request = eventyRequest(
      { namespace: 'urn:billing', name: 'ChargeCustomer', version: '1.2.0', source: 'urn:orders', correlation_id: 'orders:POST_/api/orders:q8Zr1YwK3bE', partition_key: 'cus-77', data: {} },
      { rng: seededRng(2), now: at },
    );
    const response = eventyResponse(request, { name: 'ChargeCustomerResult', version: '1.2.0', partition_key: 'cus-77', data: { charge_id: 'ch_1' } }, { rng: seededRng(3), now: at + 200 });
    expect(response).toMatchObject({
      type: 'RESPONSE', namespace: 'urn:billing', source: 'urn:billing', destination: 'urn:orders', request_uuid: request.uuid,
      correlation_id: request.correlation_id, ok: true, error_code: null, error_message: null,
    });
    expect(response.uuid).not.toBe(request.uuid);
    expect(Object.keys(response).slice(-2)).toEqual(['context', 'data']);
  });
});

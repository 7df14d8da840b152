import { describe, expect, it } from 'vitest';
import { spanIdFromRecordUuid, traceIdFromCorrelationId, traceparentOf } from './otel-ids';

const utf8 = (key: string, value: string) => ({ key, value, encoding: 'utf8' as const });

describe('traceIdFromCorrelationId', () => {
  it("uses a UUID correlation id's own 32 hex digits, lowercased", () => {
    expect(traceIdFromCorrelationId('4BF92F35-77B3-4DA6-A3CE-929D0E0E4736')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('hashes any other correlation id to 32 stable hex digits', () => {
    const id = traceIdFromCorrelationId('orders:POST_/api/orders:q8Zr1YwK3bE');
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(traceIdFromCorrelationId('orders:POST_/api/orders:q8Zr1YwK3bE')).toBe(id);
    expect(traceIdFromCorrelationId('orders:POST_/api/orders:q8Zr1YwK3bF')).not.toBe(id);
  });

  it('hashes the all-zero UUID, which OpenTelemetry treats as invalid', () => {
    expect(traceIdFromCorrelationId('00000000-0000-0000-0000-000000000000')).not.toMatch(/^0+$/);
  });
});

describe('spanIdFromRecordUuid', () => {
  it("takes a UUID's first 16 hex digits", () => {
    expect(spanIdFromRecordUuid('7f0c2a52-3d6e-4b8a-9c1e-5a4f2b9d8e61')).toBe('7f0c2a523d6e4b8a');
  });

  it('hashes other ids, and UUIDs whose first half is zero, to 16 stable hex digits', () => {
    expect(spanIdFromRecordUuid('orders-events:0:42')).toMatch(/^[0-9a-f]{16}$/);
    expect(spanIdFromRecordUuid('orders-events:0:42')).toBe(spanIdFromRecordUuid('orders-events:0:42'));
    expect(spanIdFromRecordUuid('00000000-0000-0000-8000-000000000001')).not.toMatch(/^0+$/);
  });
});

describe('traceparentOf', () => {
  it('reads the trace and span id of a W3C traceparent header, whatever the key case', () => {
    expect(traceparentOf([utf8('other', 'x'), utf8('TraceParent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')])).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
    });
  });

  it('ignores absent, malformed, all-zero and base64 headers', () => {
    expect(traceparentOf([])).toBeNull();
    expect(traceparentOf([utf8('traceparent', '00-xyz-00f067aa0ba902b7-01')])).toBeNull();
    expect(traceparentOf([utf8('traceparent', '00-00000000000000000000000000000000-00f067aa0ba902b7-01')])).toBeNull();
    expect(traceparentOf([utf8('traceparent', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')])).toBeNull();
    expect(traceparentOf([{ key: 'traceparent', value: 'AAEC', encoding: 'base64' }])).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { fingerprint, normaliseErrorMessage } from './fingerprint';

describe('normaliseErrorMessage', () => {
  it.each([
    ['Order 123 not found', 'Order <n> not found'],
    ['user 1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed has no account', 'user <uuid> has no account'],
    ['mail to alice.smith+x@example.co.uk bounced', 'mail to <email> bounced'],
    ['GET https://billing.internal:8443/api/v1/invoices?id=9 failed', 'GET <url> failed'],
    ['key "ord-42" is invalid', 'key <value> is invalid'],
    ["key 'abc' is invalid", 'key <value> is invalid'],
    ['type `java.time.Instant` expected', 'type <value> expected'],
    ['digest deadbeef12cafe and 0xFF00', 'digest <hex> and <hex>'],
    ['ids ord_88123456 and AB1234567 and xz9876543 and 9876543210', 'ids <id> and <hex> and <id> and <n>'],
    ['Timeout after 30000ms (12.5 s)', 'Timeout after <n>ms (<n> s)'],
    ['at 2024-01-15T10:30:01.123Z, 2024-01-15 10:30+00:00 or 2024-01-16', 'at <time>, <time> or <time>'],
    ['keeps utf8 and sha256 and log4j names', 'keeps utf8 and sha256 and log4j names'],
    ['  spaced\t  out  ', 'spaced out'],
  ])('%s → %s', (message, normalised) => {
    expect(normaliseErrorMessage(message)).toBe(normalised);
  });

  it('keeps the first non-empty line only (a stack trace follows it)', () => {
    expect(normaliseErrorMessage('\nboom on 5\n\tat com.acme.Handler.handle(Handler.java:42)')).toBe('boom on <n>');
  });

  it('bounds the length and accepts null', () => {
    expect(normaliseErrorMessage('x'.repeat(5000))).toHaveLength(300);
    expect(normaliseErrorMessage(null)).toBe('');
  });
});

describe('fingerprint', () => {
  it('is equal for failures of one bug, whatever the ids', () => {
    const a = fingerprint('com.acme.OrderNotFound', 'Order 123 of 1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed not found');
    const b = fingerprint('com.acme.OrderNotFound', 'Order 9 of 00000000-0000-4000-8000-000000000000 not found');
    expect(a).toEqual(b);
    expect(a.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(a.text).toBe('Order <n> of <uuid> not found');
  });

  it('differs by error class and by message shape', () => {
    const base = fingerprint('A', 'x 1').fingerprint;
    expect(fingerprint('B', 'x 1').fingerprint).not.toBe(base);
    expect(fingerprint('A', 'y 1').fingerprint).not.toBe(base);
    expect(fingerprint(null, 'x 1').fingerprint).not.toBe(base);
  });

  it('is stable across runs (a stored fingerprint keeps grouping new failures)', () => {
    expect(fingerprint('X', 'Order 1 not found').fingerprint).toBe('58db7a13f5131e92');
    expect(fingerprint(null, null)).toEqual({ fingerprint: fingerprint(null, '').fingerprint, text: '' });
  });
});

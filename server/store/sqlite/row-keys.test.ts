import { describe, expect, it } from 'vitest';
import { clampTimestamp, firstIdAt, lookupToken, nextRowId, preferredRowId } from './row-keys';

describe('row ids', () => {
  const t = Date.parse('2024-01-15T10:30:00.000Z');

  it('order by time first, then by offset within one partition', () => {
    const a = preferredRowId(t, 'orders', 0, 41);
    const b = preferredRowId(t, 'orders', 0, 42);
    expect(b).toBe(a + 1n);
    expect(preferredRowId(t + 1, 'orders', 0, 0)).toBeGreaterThan(preferredRowId(t, 'orders', 3, 2 ** 21 - 1));
    expect(preferredRowId(t, 'orders', 0, 1)).toBeGreaterThanOrEqual(firstIdAt(t));
    expect(preferredRowId(t, 'orders', 0, 1)).toBeLessThan(firstIdAt(t + 1));
  });

  it('asks for the same id for the same message', () => {
    expect(preferredRowId(t, 'orders', 2, 7)).toBe(preferredRowId(t, 'orders', 2, 7));
  });

  it('wraps within the millisecond when looking for a free id', () => {
    const last = firstIdAt(t + 1) - 1n;
    expect(nextRowId(last)).toBe(firstIdAt(t));
    expect(nextRowId(firstIdAt(t))).toBe(firstIdAt(t) + 1n);
    expect(nextRowId(firstIdAt(-1) + 5n)).toBe(firstIdAt(-1) + 6n);
  });

  it('keeps absurd timestamps inside 64 bits', () => {
    expect(clampTimestamp(1e18)).toBe(2 ** 42 - 1);
    expect(clampTimestamp(-1e18)).toBe(-(2 ** 42 - 1));
    expect(firstIdAt(1e18) + 2n ** 21n - 1n).toBeLessThanOrEqual(2n ** 63n - 1n);
    expect(firstIdAt(-1e18)).toBeGreaterThanOrEqual(-(2n ** 63n));
    expect(firstIdAt(-1)).toBeLessThan(firstIdAt(0));
  });
});

describe('lookupToken', () => {
  it('turns any value into one letters-and-digits token per field', () => {
    expect(lookupToken('uuid', 'a b "c" :d')).toMatch(/^u[0-9a-z]+$/);
    expect(lookupToken('key', 'x')).toMatch(/^k[0-9a-z]+$/);
    expect(lookupToken('correlationId', 'x')).not.toBe(lookupToken('key', 'x'));
    expect(lookupToken('uuid', 'x')).toBe(lookupToken('uuid', 'x'));
    expect(lookupToken('uuid', 'x')).not.toBe(lookupToken('uuid', 'y'));
    // stored in existing databases: the token of a value must never change
    expect(lookupToken('uuid', '7f0c2a52-3d6e-4b8a-9c1e-5a4f2b9d8e61')).toBe('u22ltte0f6a8');
  });
});

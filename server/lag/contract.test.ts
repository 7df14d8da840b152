import { describe, expect, it } from 'vitest';
import { lagHistoryQuerySchema, lagQuerySchema } from './contract';

describe('lagQuerySchema', () => {
  it('accepts no filter or a Kafka group id', () => {
    expect(lagQuerySchema.parse({})).toEqual({});
    expect(lagQuerySchema.parse({ group: 'orders-service.v2_eu' })).toEqual({ group: 'orders-service.v2_eu' });
  });

  it('refuses group ids Kafka would not allow and unknown parameters', () => {
    expect(lagQuerySchema.safeParse({ group: 'a b' }).success).toBe(false);
    expect(lagQuerySchema.safeParse({ group: '' }).success).toBe(false);
    expect(lagQuerySchema.safeParse({ grp: 'x' }).success).toBe(false);
  });
});

describe('lagHistoryQuerySchema', () => {
  it('defaults to the hour before now and reads ISO times with an offset', () => {
    const before = Date.now();
    const { fromMs, toMs } = lagHistoryQuerySchema.parse({});
    expect(toMs).toBeGreaterThanOrEqual(before);
    expect(toMs - fromMs).toBe(3_600_000);
    expect(lagHistoryQuerySchema.parse({ from: '2026-01-01T00:00:00Z', to: '2026-01-01T02:00:00+01:00' })).toEqual({
      fromMs: Date.parse('2026-01-01T00:00:00Z'),
      toMs: Date.parse('2026-01-01T01:00:00Z'),
    });
    expect(lagHistoryQuerySchema.parse({ to: '2026-01-01T01:00:00Z' }).fromMs).toBe(Date.parse('2026-01-01T00:00:00Z'));
  });

  it('refuses times that are not ISO, a range that ends before it starts, and unknown parameters', () => {
    expect(lagHistoryQuerySchema.safeParse({ from: 'yesterday' }).success).toBe(false);
    expect(lagHistoryQuerySchema.safeParse({ from: '1700000000000' }).success).toBe(false);
    const reversed = lagHistoryQuerySchema.safeParse({ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' });
    expect(reversed.error?.issues[0]).toMatchObject({ path: ['from'], message: 'from must not be after to' });
    expect(lagHistoryQuerySchema.safeParse({ since: '2026-01-01T00:00:00Z' }).success).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { lagQuerySchema } from './contract';

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

import { describe, expect, it } from 'vitest';
import { recordQuerySchema } from './contract';

describe('recordQuerySchema', () => {
  it('defaults the limit and rejects unknown parameters', () => {
    expect(recordQuerySchema.parse({}).limit).toBe(50);
    expect(recordQuerySchema.safeParse({ limit: '501' }).success).toBe(false);
    expect(recordQuerySchema.safeParse({ bogus: '1' }).success).toBe(false);
    expect(recordQuerySchema.safeParse({ kind: 'nope' }).success).toBe(false);
    expect(recordQuerySchema.safeParse({ from: 'yesterday' }).success).toBe(false);
    expect(recordQuerySchema.parse({ from: '2024-01-15T10:30:00+00:00' }).from).toBeDefined();
  });
});

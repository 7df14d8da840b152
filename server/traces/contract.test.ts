import { describe, expect, it } from 'vitest';
import { correlationIdParamSchema } from './contract';

describe('correlationIdParamSchema', () => {
  it('decodes the URL-encoded path segment', () => {
    expect(correlationIdParamSchema.parse('orders%3APOST_%2Fapi%2Forders%3Aab12')).toBe('orders:POST_/api/orders:ab12');
  });

  it('refuses an empty, too long or malformed id', () => {
    expect(correlationIdParamSchema.safeParse('').success).toBe(false);
    expect(correlationIdParamSchema.safeParse('x'.repeat(501)).success).toBe(false);
    expect(correlationIdParamSchema.safeParse('%E0%A4%A').success).toBe(false);
  });
});

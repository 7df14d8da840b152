import { describe, expect, it } from 'vitest';
import { findApiToken, generateApiToken, tokenSha256 } from './api-token';

describe('API tokens', () => {
  it('generates distinct, prefixed tokens of 256 random bits', () => {
    const a = generateApiToken();
    expect(a).toMatch(/^lens_[A-Za-z0-9_-]{43}$/);
    expect(generateApiToken()).not.toBe(a);
  });

  it('finds the entry whose SHA-256 matches the presented token, and no other', () => {
    const ci = generateApiToken();
    const reader = generateApiToken();
    const entries = [
      { name: 'ci', role: 'operator' as const, tokenSha256: tokenSha256(ci) },
      { name: 'grafana', role: 'viewer' as const, tokenSha256: tokenSha256(reader) },
    ];
    expect(findApiToken(entries, reader)?.name).toBe('grafana');
    expect(findApiToken(entries, ci)?.name).toBe('ci');
    expect(findApiToken(entries, `${ci}x`)).toBeNull();
    expect(findApiToken(entries, tokenSha256(ci))).toBeNull();
    expect(findApiToken([], ci)).toBeNull();
  });

  it('hashes as the sha256sum tool does', () => {
    expect(tokenSha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

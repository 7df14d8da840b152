import { describe, expect, it } from 'vitest';
import { hashPassword, parsePasswordHash, verifyPassword, verifyAgainstNothing } from './password';

describe('password hashing', () => {
  it('hashes with scrypt in a self-describing format and verifies the same password only', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^scrypt\$N=32768,r=8,p=1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(hash).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horsf', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts each hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('verifies hashes made with other cost parameters, as the format names them', async () => {
    const hash = (await hashPassword('pw')).replace('N=32768', 'N=16384');
    const parsed = parsePasswordHash(hash);
    expect(parsed?.options).toEqual({ N: 16384, r: 8, p: 1 });
    // the key was derived with N=32768: under N=16384 it no longer matches
    expect(await verifyPassword('pw', hash)).toBe(false);
  });

  it('never matches a malformed or unknown hash', async () => {
    for (const bad of ['', 'plaintext', 'bcrypt$2b$10$abc', 'scrypt$N=1000,r=8,p=1$c2FsdHNhbHQ=$a2V5a2V5a2V5a2V5a2V5a2V5']) {
      expect(parsePasswordHash(bad)).toBeNull();
      expect(await verifyPassword('x', bad)).toBe(false);
    }
  });

  it('answers an unknown user as a wrong password', async () => {
    expect(await verifyAgainstNothing('anything')).toBe(false);
  });
});

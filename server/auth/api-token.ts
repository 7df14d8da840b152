import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new API token: 32 random bytes, prefixed so it is recognisable in a secret scanner. */
export function generateApiToken(): string {
  return `lens_${randomBytes(32).toString('base64url')}`;
}

export function tokenSha256(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The entry whose hash matches; every entry is compared (constant time each), so timing says nothing of which. */
export function findApiToken<T extends { tokenSha256: string }>(entries: readonly T[], presented: string): T | null {
  const digest = Buffer.from(tokenSha256(presented), 'hex');
  let found: T | null = null;
  for (const entry of entries) {
    const stored = Buffer.from(entry.tokenSha256, 'hex');
    if (stored.length === digest.length && timingSafeEqual(stored, digest) && found === null) found = entry;
  }
  return found;
}

/** Randomness behind the simulated shop; tests pass a seeded source so records are the same on every run. */

/** A source of floats in [0, 1), like Math.random. */
export type Rng = () => number;

/** mulberry32: small, fast and good enough to make test data repeatable. */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max], both included. */
export function between(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function chance(rng: Rng, probability: number): boolean {
  return rng() < probability;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[Math.floor(rng() * items.length)]!;
}

function randomBytesFrom(rng: Rng, count: number): Buffer {
  return Buffer.from(Array.from({ length: count }, () => Math.floor(rng() * 256)));
}

/** URL-safe base64 of `bytes` random bytes: 8 bytes give the 11 characters of an eventy correlation id. */
export function urlSafeToken(rng: Rng, bytes = 8): string {
  return randomBytesFrom(rng, bytes).toString('base64url');
}

/** A UUID v4 string, lowercase with hyphens, as Python's uuid4() prints it. */
export function uuidFrom(rng: Rng): string {
  const b = randomBytesFrom(rng, 16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Time to the next arrival of a Poisson process with the given rate: real traffic is bursty, not a metronome. */
export function poissonGapMs(rng: Rng, perSecond: number): number {
  return (-Math.log(1 - rng()) / perSecond) * 1000;
}

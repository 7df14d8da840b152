import { describe, expect, it } from 'vitest';
import { describeLoginThrottle } from './login-throttle.contract';
import { createLoginThrottle, lockoutMs } from './login-throttle';

describe('the wait after failed sign-ins', () => {
  it('lets the free failures pass, then doubles the wait up to 15 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 30].map((n) => lockoutMs(n))).toEqual([0, 0, 0, 0, 1000, 2000, 4000, 900_000]);
    expect([20, 21, 22].map((n) => lockoutMs(n, 20))).toEqual([0, 1000, 2000]);
  });
});

describe('the sign-in throttle in memory', () =>
  describeLoginThrottle({
    open: () => Promise.resolve(createLoginThrottle()),
    cleanup: () => Promise.resolve(),
  }));

describe('the sign-in throttle in memory, under a flood of made-up names', () => {
  it('keeps at most 10,000 keys, forgetting the oldest first', async () => {
    const throttle = createLoginThrottle();
    for (let i = 0; i < 5; i++) await throttle.failed(['user:first'], 1000);
    for (let i = 0; i < 9_998; i++) await throttle.failed([`user:made-up-${i}`], 1000);
    expect(await throttle.waitMs(['user:first'], 1000)).toBe(1000);
    await throttle.failed(['user:one-too-many', 'user:two-too-many'], 1000);
    expect(await throttle.waitMs(['user:first'], 1000)).toBe(0);
  });
});

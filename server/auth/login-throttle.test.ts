import { describe, expect, it } from 'vitest';
import { createLoginThrottle, lockoutMs } from './login-throttle';

describe('slowing down failed sign-ins', () => {
  it('lets four failures pass, then doubles the wait up to 15 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 30].map(lockoutMs)).toEqual([0, 0, 0, 0, 1000, 2000, 4000, 900_000]);
  });

  it('makes a user or an address wait after repeated failures, and forgets on success', () => {
    const throttle = createLoginThrottle();
    const keys = ['user:ada', 'ip:10.0.0.1'];
    for (let i = 0; i < 4; i++) throttle.failed(keys, 1000);
    expect(throttle.waitMs(keys, 1000)).toBe(0);
    throttle.failed(keys, 1000);
    expect(throttle.waitMs(keys, 1000)).toBe(1000);
    expect(throttle.waitMs(['user:ada', 'ip:10.9.9.9'], 1500)).toBe(500);
    expect(throttle.waitMs(['user:bob', 'ip:10.0.0.1'], 1500)).toBe(500);
    expect(throttle.waitMs(['user:bob', 'ip:10.9.9.9'], 1500)).toBe(0);
    expect(throttle.waitMs(keys, 2000)).toBe(0);
    throttle.succeeded(keys);
    throttle.failed(keys, 3000);
    expect(throttle.waitMs(keys, 3000)).toBe(0);
  });

  it('forgets failures after a quiet quarter of an hour', () => {
    const throttle = createLoginThrottle();
    for (let i = 0; i < 9; i++) throttle.failed(['user:ada'], 0);
    expect(throttle.waitMs(['user:ada'], 1)).toBeGreaterThan(0);
    throttle.failed(['user:ada'], 16 * 60_000 + 1);
    expect(throttle.waitMs(['user:ada'], 16 * 60_000 + 1)).toBe(0);
  });
});

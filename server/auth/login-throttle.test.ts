import { describe, expect, it } from 'vitest';
import { addressKey, createLoginThrottle, lockoutMs, userKey } from './login-throttle';

describe('slowing down failed sign-ins', () => {
  it('lets the free failures pass, then doubles the wait up to 15 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 30].map((n) => lockoutMs(n))).toEqual([0, 0, 0, 0, 1000, 2000, 4000, 900_000]);
    expect([20, 21, 22].map((n) => lockoutMs(n, 20))).toEqual([0, 1000, 2000]);
  });

  it('gives a client address more free failures than a user name: users behind one NAT do not lock each other out', () => {
    const throttle = createLoginThrottle();
    for (let i = 0; i < 5; i++) throttle.failed([userKey(`user${i}`), addressKey('10.0.0.1')], 1000);
    expect(throttle.waitMs([userKey('someone-else'), addressKey('10.0.0.1')], 1000)).toBe(0);
    for (let i = 0; i < 16; i++) throttle.failed([addressKey('10.0.0.1')], 1000);
    expect(throttle.waitMs([userKey('someone-else'), addressKey('10.0.0.1')], 1000)).toBe(1000);
  });

  it('makes a user wait after repeated failures from any address, and forgets on success', () => {
    const throttle = createLoginThrottle();
    const keys = ['user:ada', 'ip:10.0.0.1'];
    for (let i = 0; i < 4; i++) throttle.failed(keys, 1000);
    expect(throttle.waitMs(keys, 1000)).toBe(0);
    throttle.failed(keys, 1000);
    expect(throttle.waitMs(keys, 1000)).toBe(1000);
    expect(throttle.waitMs(['user:ada', 'ip:10.9.9.9'], 1500)).toBe(500);
    // five failures are within an address's free ones
    expect(throttle.waitMs(['user:bob', 'ip:10.0.0.1'], 1500)).toBe(0);
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

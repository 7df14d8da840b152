import { afterAll, describe, expect, it } from 'vitest';
import { addressKey, userKey, type LoginThrottle } from './login-throttle';

/** How the sign-in throttle suite gets throttles of one kind. */
export interface LoginThrottleHarness {
  /** a new throttle that has seen no failure yet */
  open(): Promise<LoginThrottle>;
  /** closes what `open` made */
  cleanup(): Promise<void>;
}

/** What every sign-in throttle does, wherever it counts (this process's memory, or the shared PostgreSQL database). */
export function describeLoginThrottle(harness: LoginThrottleHarness): void {
  afterAll(() => harness.cleanup());

  describe('slowing down failed sign-ins', () => {
    it('gives a client address more free failures than a user name: users behind one NAT do not lock each other out', async () => {
      const throttle = await harness.open();
      for (let i = 0; i < 5; i++) await throttle.failed([userKey(`user${i}`), addressKey('10.0.0.1')], 1000);
      expect(await throttle.waitMs([userKey('someone-else'), addressKey('10.0.0.1')], 1000)).toBe(0);
      for (let i = 0; i < 16; i++) await throttle.failed([addressKey('10.0.0.1')], 1000);
      expect(await throttle.waitMs([userKey('someone-else'), addressKey('10.0.0.1')], 1000)).toBe(1000);
    });

    it('makes a user wait after repeated failures from any address, and forgets on success', async () => {
      const throttle = await harness.open();
      const keys = ['user:ada', 'ip:10.0.0.1'];
      for (let i = 0; i < 4; i++) await throttle.failed(keys, 1000);
      expect(await throttle.waitMs(keys, 1000)).toBe(0);
      await throttle.failed(keys, 1000);
      expect(await throttle.waitMs(keys, 1000)).toBe(1000);
      expect(await throttle.waitMs(['user:ada', 'ip:10.9.9.9'], 1500)).toBe(500);
      // five failures are within an address's free ones
      expect(await throttle.waitMs(['user:bob', 'ip:10.0.0.1'], 1500)).toBe(0);
      expect(await throttle.waitMs(['user:bob', 'ip:10.9.9.9'], 1500)).toBe(0);
      expect(await throttle.waitMs(keys, 2000)).toBe(0);
      await throttle.succeeded(keys);
      await throttle.failed(keys, 3000);
      expect(await throttle.waitMs(keys, 3000)).toBe(0);
    });

    it('doubles the wait with each further failure, up to 15 minutes', async () => {
      const throttle = await harness.open();
      const waits: number[] = [];
      for (let i = 0; i < 30; i++) {
        await throttle.failed(['user:ada'], 5000);
        waits.push(await throttle.waitMs(['user:ada'], 5000));
      }
      expect(waits.slice(0, 7)).toEqual([0, 0, 0, 0, 1000, 2000, 4000]);
      expect(waits.at(-1)).toBe(900_000);
    });

    it('forgets failures after a quiet quarter of an hour', async () => {
      const throttle = await harness.open();
      for (let i = 0; i < 9; i++) await throttle.failed(['user:ada'], 0);
      expect(await throttle.waitMs(['user:ada'], 1)).toBeGreaterThan(0);
      expect(await throttle.waitMs(['user:ada'], 15 * 60_000 + 1)).toBe(0);
      await throttle.failed(['user:ada'], 16 * 60_000 + 1);
      expect(await throttle.waitMs(['user:ada'], 16 * 60_000 + 1)).toBe(0);
      for (let i = 0; i < 4; i++) await throttle.failed(['user:ada'], 16 * 60_000 + 1);
      expect(await throttle.waitMs(['user:ada'], 16 * 60_000 + 1)).toBe(1000);
    });
  });
}

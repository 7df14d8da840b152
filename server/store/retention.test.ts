import { describe, expect, it } from 'vitest';
import type { RetentionPolicy } from './retention-contract';
import { createRetentionScheduler } from './retention';

const result = { deletedRecords: 3, keptProtected: 1, sizeBytes: 4096, oldestRecordAt: null };

describe('the retention scheduler', () => {
  it('passes the age in ms, the size and the protected ids to the store, and reports the pass', async () => {
    const policies: RetentionPolicy[] = [];
    const scheduler = createRetentionScheduler({
      store: { applyRetention: (policy) => (policies.push(policy), Promise.resolve(result)) },
      settings: { maxAgeDays: 2, maxBytes: 1000, intervalMs: 60_000 },
      protectedIds: () => Promise.resolve(['t:0:1']),
    });
    expect(scheduler.status()).toMatchObject({ lastRun: null, nextRunAt: null, running: false });
    await scheduler.runNow();
    expect(policies).toEqual([{ maxAgeMs: 2 * 86_400_000, maxBytes: 1000, keep: ['t:0:1'] }]);
    expect(scheduler.status().lastRun).toMatchObject({ deletedRecords: 3, keptProtected: 1, skipped: false });
  });

  it('runs one pass at a time and keeps the last failure until a pass succeeds', async () => {
    let calls = 0;
    let fail = true;
    const scheduler = createRetentionScheduler({
      store: {
        applyRetention: async () => {
          calls++;
          await new Promise((resolve) => setTimeout(resolve, 20));
          if (fail) throw new Error('disk full');
          return result;
        },
      },
      settings: { maxAgeDays: 1, maxBytes: null, intervalMs: 60_000 },
      protectedIds: () => Promise.resolve([]),
    });
    await Promise.all([scheduler.runNow(), scheduler.runNow()]);
    expect(calls).toBe(1);
    expect(scheduler.status()).toMatchObject({ lastRun: null, lastError: { message: 'disk full' } });
    fail = false;
    await scheduler.runNow();
    expect(scheduler.status()).toMatchObject({ lastError: null, lastRun: { deletedRecords: 3 } });
  });

  it('schedules nothing without limits, and the next pass when started with them', async () => {
    const none = createRetentionScheduler({
      store: { applyRetention: () => Promise.resolve(result) },
      settings: { maxAgeDays: null, maxBytes: null, intervalMs: 60_000 },
      protectedIds: () => Promise.resolve([]),
    });
    none.start();
    expect(none.status().nextRunAt).toBeNull();
    const some = createRetentionScheduler({
      store: { applyRetention: () => Promise.resolve(result) },
      settings: { maxAgeDays: 7, maxBytes: null, intervalMs: 60_000 },
      protectedIds: () => Promise.resolve([]),
      firstRunDelayMs: 50_000,
    });
    some.start();
    expect(Date.parse(some.status().nextRunAt!)).toBeGreaterThan(Date.now() + 40_000);
    await some.stop();
    expect(some.status().nextRunAt).toBeNull();
  });
});

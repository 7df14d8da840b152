import { describe, expect, it } from 'vitest';
import { createRefreshingValue } from './refreshing-value';

function setup(options = { freshMs: 100, staleMs: 1000 }) {
  let clock = 0;
  let reads = 0;
  let fail = false;
  const value = createRefreshingValue(
    async () => {
      reads++;
      await Promise.resolve();
      if (fail) throw new Error('broker down');
      return `v${reads}`;
    },
    { ...options, now: () => clock },
  );
  return {
    value,
    reads: () => reads,
    advance: (ms: number) => (clock += ms),
    failReads: (on: boolean) => (fail = on),
  };
}

describe('createRefreshingValue', () => {
  it('shares one read between callers at the same time', async () => {
    const s = setup();
    expect(await Promise.all([s.value.get(), s.value.get(), s.value.get()])).toEqual(['v1', 'v1', 'v1']);
    expect(s.reads()).toBe(1);
  });

  it('serves a fresh value without reading again', async () => {
    const s = setup();
    await s.value.get();
    s.advance(99);
    expect(await s.value.get()).toBe('v1');
    expect(s.reads()).toBe(1);
  });

  it('serves a stale value at once and refreshes it in the background', async () => {
    const s = setup();
    await s.value.get();
    s.advance(500);
    expect(await s.value.get()).toBe('v1');
    expect(s.reads()).toBe(2);
    await Promise.resolve();
    await Promise.resolve();
    expect(await s.value.get()).toBe('v2');
  });

  it('waits for a new read once the value is too old', async () => {
    const s = setup();
    await s.value.get();
    s.advance(1000);
    expect(await s.value.get()).toBe('v2');
  });

  it('keeps serving the last good value while refreshes fail, then reports the failure', async () => {
    const s = setup();
    await s.value.get();
    s.failReads(true);
    s.advance(500);
    expect(await s.value.get()).toBe('v1');
    s.advance(600);
    await expect(s.value.get()).rejects.toThrow('broker down');
  });
});

import { describe, expect, it } from 'vitest';
import { createRecentIds, createSettleWindow } from './settle-window';

describe('createSettleWindow', () => {
  it('makes a correlation due settleMs after its last record', () => {
    let now = 0;
    const window = createSettleWindow(5000, 100, () => now);
    window.touch('a');
    now = 3000;
    window.touch('b');
    window.touch('a');
    expect(window.nextDueInMs()).toBe(5000);
    now = 7999;
    expect(window.takeDue(10)).toEqual([]);
    now = 8000;
    expect(window.takeDue(10)).toEqual(['b', 'a']);
    expect(window.size).toBe(0);
    expect(window.nextDueInMs()).toBeNull();
  });

  it('takes everything when flushing, at most `limit` at a time', () => {
    const window = createSettleWindow(5000, 100, () => 0);
    ['a', 'b', 'c'].forEach((id) => window.touch(id));
    expect(window.takeDue(2, true)).toEqual(['a', 'b']);
    expect(window.takeDue(2, true)).toEqual(['c']);
  });

  it('lets the oldest go early when more than maxPending wait', () => {
    const window = createSettleWindow(5000, 2, () => 0);
    ['a', 'b', 'c', 'd'].forEach((id) => window.touch(id));
    expect(window.nextDueInMs()).toBe(0);
    expect(window.takeDue(10)).toEqual(['a', 'b']);
    expect(window.nextDueInMs()).toBe(5000);
  });
});

describe('createRecentIds', () => {
  it('forgets the least recently added id past its capacity', () => {
    const ids = createRecentIds(2);
    ids.add('a');
    ids.add('b');
    ids.add('a');
    ids.add('c');
    expect([ids.has('a'), ids.has('b'), ids.has('c')]).toEqual([true, false, true]);
  });
});

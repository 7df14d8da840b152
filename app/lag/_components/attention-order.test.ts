import { describe, expect, it } from 'vitest';
import { attentionSummary, byAttention } from './attention-order';

const group = (groupId: string, over: Partial<{ stuckPartitions: number; fallingBehind: boolean; lagSeconds: number | null; lagRecords: number }> = {}) => ({
  groupId,
  stuckPartitions: 0,
  fallingBehind: false,
  lagSeconds: null,
  lagRecords: 0,
  ...over,
});

describe('byAttention', () => {
  it('puts stuck groups first, then falling behind, then older and bigger lag, then names', () => {
    const groups = [
      group('quiet-b'),
      group('big', { lagRecords: 900, lagSeconds: 5 }),
      group('old', { lagRecords: 10, lagSeconds: 600 }),
      group('behind', { fallingBehind: true, lagRecords: 50, lagSeconds: 20 }),
      group('quiet-a'),
      group('stuck', { stuckPartitions: 1, lagRecords: 1, lagSeconds: 1 }),
    ];
    expect(byAttention(groups).map((g) => g.groupId)).toEqual(['stuck', 'behind', 'old', 'big', 'quiet-a', 'quiet-b']);
    expect(attentionSummary(groups)).toBe('6 groups · 1 stuck · 1 falling behind · 4 with lag');
  });
});

import type { GroupLag } from '@/server/lag';

type Ranked = Pick<GroupLag, 'groupId' | 'stuckPartitions' | 'fallingBehind' | 'lagSeconds' | 'lagRecords'>;

/** Groups that need someone first: stuck, then falling behind, then the oldest and largest lag; quiet ones by name. */
export function byAttention<T extends Ranked>(groups: readonly T[]): T[] {
  return [...groups].sort(
    (a, b) =>
      Number(b.stuckPartitions > 0) - Number(a.stuckPartitions > 0) ||
      Number(b.fallingBehind) - Number(a.fallingBehind) ||
      (b.lagSeconds ?? 0) - (a.lagSeconds ?? 0) ||
      b.lagRecords - a.lagRecords ||
      a.groupId.localeCompare(b.groupId),
  );
}

export function attentionSummary(groups: readonly Ranked[]): string {
  const stuck = groups.filter((g) => g.stuckPartitions > 0).length;
  const behind = groups.filter((g) => g.fallingBehind).length;
  const lagging = groups.filter((g) => g.lagRecords > 0).length;
  return `${groups.length} groups · ${stuck} stuck · ${behind} falling behind · ${lagging} with lag`;
}

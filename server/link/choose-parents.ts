import type { ParentOption } from './parent-options';
import type { TraceEntry } from './trace-entries';

/**
 * May `entry` hang under `parent`? Never if that closes a cycle. For a parent dated later (clock skew), also
 * never if an ancestor was written by the entry's own service after it: one clock cannot disagree with itself.
 */
function acceptable(entry: TraceEntry, parent: TraceEntry, inferred: boolean, parentOf: readonly (TraceEntry | null)[]): boolean {
  const skewed = inferred && parent.index > entry.index;
  const visited = new Set<number>();
  for (let node: TraceEntry | null = parent; node !== null; node = parentOf[node.index] ?? null) {
    if (node === entry || visited.has(node.index)) return false;
    visited.add(node.index);
    if (skewed && node.service === entry.service && node.timestamp > entry.timestamp) return false;
  }
  return true;
}

/**
 * Picks each entry's parent from its options. Edges to earlier entries cannot form a cycle, so they are taken
 * as they come; the few that point later in time (clock skew) are checked once those are in place.
 */
export function chooseParents(entries: readonly TraceEntry[], options: readonly ParentOption[][]): (ParentOption | null)[] {
  const chosen: (ParentOption | null)[] = entries.map(() => null);
  const parentOf: (TraceEntry | null)[] = entries.map(() => null);
  const deferred: TraceEntry[] = [];
  for (const entry of entries) {
    const first = options[entry.index]?.[0];
    if (first === undefined) continue;
    if (first.edge === 'orphan' || first.parent.index < entry.index) {
      chosen[entry.index] = first;
      if (first.edge !== 'orphan') parentOf[entry.index] = first.parent;
    } else {
      deferred.push(entry);
    }
  }
  for (const entry of deferred) {
    for (const option of options[entry.index] ?? []) {
      if (option.edge === 'orphan' || acceptable(entry, option.parent, option.edge === 'inferred', parentOf)) {
        chosen[entry.index] = option;
        if (option.edge !== 'orphan') parentOf[entry.index] = option.parent;
        break;
      }
    }
  }
  return chosen;
}

import type { ParentOption } from './parent-options';
import type { TraceEntry } from './trace-entries';

/** Exact edges win over inferred ones; edges to earlier records are placed before those to later ones. */
function phaseOf(entry: TraceEntry, option: ParentOption): number {
  if (option.edge === 'orphan') return 0;
  const forward = option.parent.index > entry.index;
  return (option.edge === 'exact' ? 0 : 2) + (forward ? 1 : 0);
}

/**
 * May `entry` hang under `parent`? Never if that closes a cycle. For a parent dated later (clock skew), also
 * never if an ancestor was written by the entry's own service after it: one clock cannot disagree with itself.
 */
function acceptable(entry: TraceEntry, parent: TraceEntry, parentOf: readonly (TraceEntry | null)[]): boolean {
  const skewed = parent.index > entry.index;
  // the accepted edges form a forest, so a walk up ends within entries.length steps; the bound guards anyway
  let steps = 0;
  for (let node: TraceEntry | null = parent; node !== null && steps <= parentOf.length; node = parentOf[node.index] ?? null) {
    if (node === entry) return false;
    if (skewed && node.service === entry.service && node.timestamp > entry.timestamp) return false;
    steps += 1;
  }
  return steps <= parentOf.length;
}

/**
 * Picks each entry's parent: its most preferred option that closes no cycle. Without any edge to a later
 * record no cycle can form, so the walk up the ancestors is only needed once clock skew produced one.
 */
export function chooseParents(entries: readonly TraceEntry[], options: readonly ParentOption[][]): (ParentOption | null)[] {
  const chosen: (ParentOption | null)[] = entries.map(() => null);
  const parentOf: (TraceEntry | null)[] = entries.map(() => null);
  const tried = entries.map(() => 0);
  let forwardEdges = 0;
  const accept = (entry: TraceEntry, option: ParentOption): boolean => {
    if (option.edge !== 'orphan') {
      const forward = option.parent.index > entry.index;
      if ((forward || forwardEdges > 0) && !acceptable(entry, option.parent, parentOf)) return false;
      if (forward) forwardEdges += 1;
      parentOf[entry.index] = option.parent;
    }
    chosen[entry.index] = option;
    return true;
  };
  for (let phase = 0; phase < 4; phase++) {
    for (const entry of entries) {
      const own = options[entry.index] ?? [];
      if (chosen[entry.index] !== null) continue;
      while (tried[entry.index]! < own.length && phaseOf(entry, own[tried[entry.index]!]!) <= phase) {
        const option = own[tried[entry.index]!]!;
        tried[entry.index]! += 1;
        if (accept(entry, option)) break;
      }
    }
  }
  return chosen;
}

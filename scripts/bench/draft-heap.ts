import type { EventyRecord } from '../../server/decode/contract';

/** A record planned for Kafka time `ts` on `topic`, not yet given an offset. */
export interface Draft {
  ts: number;
  topic: string;
  record: EventyRecord;
}

/** Min-heap of drafts by time (ties in push order), so overlapping traces come out in Kafka-time order. */
export function createDraftHeap() {
  const items: { draft: Draft; seq: number }[] = [];
  let seq = 0;
  const before = (a: number, b: number): boolean => {
    const x = items[a]!;
    const y = items[b]!;
    return x.draft.ts < y.draft.ts || (x.draft.ts === y.draft.ts && x.seq < y.seq);
  };
  const swap = (a: number, b: number): void => void ([items[a], items[b]] = [items[b]!, items[a]!]);
  return {
    size: (): number => items.length,
    peek: (): Draft | undefined => items[0]?.draft,
    push(draft: Draft): void {
      items.push({ draft, seq: seq++ });
      for (let i = items.length - 1; i > 0 && before(i, (i - 1) >> 1); i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
    },
    pop(): Draft | undefined {
      const top = items[0];
      const last = items.pop();
      if (top === undefined || last === undefined || items.length === 0) return top?.draft;
      items[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && before(left, smallest)) smallest = left;
        if (right < items.length && before(right, smallest)) smallest = right;
        if (smallest === i) break;
        swap(i, smallest);
        i = smallest;
      }
      return top.draft;
    },
  };
}

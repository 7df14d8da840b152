export interface DiffLine {
  op: 'same' | 'added' | 'removed';
  text: string;
}

/** Above this many cells the middle is shown as removed-then-added instead of a line-by-line match. */
const maxCells = 2_000_000;

/** A line diff of two texts: common head and tail kept, the middle matched by longest common subsequence. */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const same = (text: string): DiffLine => ({ op: 'same', text });
  return [...a.slice(0, head).map(same), ...diffMiddle(midA, midB), ...a.slice(a.length - tail).map(same)];
}

function diffMiddle(a: string[], b: string[]): DiffLine[] {
  if (a.length * b.length > maxCells) {
    return [...a.map((text): DiffLine => ({ op: 'removed', text })), ...b.map((text): DiffLine => ({ op: 'added', text }))];
  }
  // lengths[i][j]: LCS of a[i..] and b[j..]
  const lengths = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: 'same', text: a[i]! });
      i++;
      j++;
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) {
      out.push({ op: 'removed', text: a[i++]! });
    } else {
      out.push({ op: 'added', text: b[j++]! });
    }
  }
  while (i < a.length) out.push({ op: 'removed', text: a[i++]! });
  while (j < b.length) out.push({ op: 'added', text: b[j++]! });
  return out;
}

/** The value as the editor starts it: the decoded record pretty-printed, else the raw bytes as UTF-8 text. */
export function editableText(record: unknown, rawBase64: string | null): string {
  if (record !== undefined && record !== null) return JSON.stringify(record, null, 2);
  if (rawBase64 === null) return '';
  return new TextDecoder().decode(Uint8Array.from(atob(rawBase64), (c) => c.charCodeAt(0)));
}

/** Why `text` is not JSON, or null when it parses. */
export function jsonProblem(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

// Python's json.loads hits its recursion limit near this depth; deeper input goes to the tolerant parser to be refused.
const MAX_DEPTH = 1000;

interface Scan {
  keys: number;
  /** a value the tolerant parser would warn about: a non-finite or unsafe-integer number, or too deep */
  needsWarning: boolean;
}

function scan(value: unknown, depth: number, acc: Scan): void {
  if (acc.needsWarning) return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value))) acc.needsWarning = true;
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (depth >= MAX_DEPTH) {
    acc.needsWarning = true;
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) scan(item, depth + 1, acc);
    return;
  }
  for (const key in value) {
    acc.keys += 1;
    scan((value as Record<string, unknown>)[key], depth + 1, acc);
  }
}

function countKeyTokens(text: string): number {
  let count = 0;
  for (let at = text.indexOf('":'); at !== -1; at = text.indexOf('":', at + 2)) count += 1;
  return count;
}

/**
 * The fast path: V8's JSON.parse, taken only when its result is exactly what the tolerant parser
 * would return without a warning. Every key token of json.dumps output is `"…": `, so as many `":`
 * as parsed keys proves no key was repeated; any doubt returns undefined and the tolerant parser decides.
 */
export function parseStandardJson(text: string): { value: unknown } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const acc: Scan = { keys: 0, needsWarning: false };
  scan(value, 0, acc);
  if (acc.needsWarning || acc.keys !== countKeyTokens(text)) return undefined;
  return { value };
}

/** Collects decode warnings; capped so a payload with 100k NaNs cannot flood a record. */
export interface WarningList {
  add(message: string): void;
  list(): string[];
}

const DEFAULT_LIMIT = 50;

export function createWarningList(limit = DEFAULT_LIMIT): WarningList {
  const items: string[] = [];
  let dropped = 0;
  return {
    add(message) {
      if (items.length < limit) items.push(message);
      else dropped += 1;
    },
    list() {
      return dropped > 0 ? [...items, `${dropped} more warnings not shown`] : [...items];
    },
  };
}

/** `['data', 'items', 2, 'x']` → `data.items[2].x` */
export function formatValuePath(path: readonly (string | number)[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

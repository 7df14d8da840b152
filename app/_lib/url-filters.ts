import { z } from 'zod';

/** Relative windows offered by the filter forms; kept relative in the URL, so a shared link means "the last hour" when opened. */
export const timeRanges = { '15m': 15 * 60_000, '1h': 60 * 60_000, '24h': 24 * 60 * 60_000, '7d': 7 * 24 * 60 * 60_000 } as const;
export type TimeRange = keyof typeof timeRanges;
export const timeRangeLabels: Record<TimeRange, string> = {
  '15m': 'last 15 min',
  '1h': 'last hour',
  '24h': 'last 24 h',
  '7d': 'last 7 days',
};

/** The time window fields every filter set has: a relative `range`, or absolute `from`/`to`. */
export const timeWindowFields = {
  range: z.enum(Object.keys(timeRanges) as [TimeRange, ...TimeRange[]]).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
};

type Window = { range?: TimeRange | undefined; from?: string | undefined; to?: string | undefined };

/** `.refine(...oneKindOfWindow)`: a relative range excludes absolute bounds. */
export const oneKindOfWindow: [(f: Window) => boolean, { message: string; path: string[] }] = [
  (f) => f.range === undefined || (f.from === undefined && f.to === undefined),
  { message: 'give either a relative range or from/to, not both', path: ['range'] },
];

export type ParsedFilters<T> = { ok: true; filters: T } | { ok: false; filters: T; problems: string[] };

type ParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

function firstValue(source: ParamSource, field: string): string | undefined {
  if (source instanceof URLSearchParams) return source.get(field) ?? undefined;
  const value = source[field];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads `fields` from URL parameters (Next.js search params or URLSearchParams); on invalid ones, says why and falls back to no filter. */
export function parseUrlFilters<S extends z.ZodType<object>>(schema: S, fields: readonly string[], source: ParamSource): ParsedFilters<z.infer<S>> {
  const raw: Record<string, string> = {};
  for (const field of fields) {
    const value = firstValue(source, field);
    if (value !== undefined && value !== '') raw[field] = value;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, filters: parsed.data };
  return {
    ok: false,
    filters: {} as z.infer<S>,
    problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'filters'}: ${issue.message}`),
  };
}

/** The query string of a view (stable field order, so equal views give equal links). */
type FilterValues = Partial<Record<string, string | number>>;

export function searchOf(fields: readonly string[], filters: FilterValues, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const field of fields) {
    const value = filters[field];
    if (value !== undefined) params.set(field, String(value));
  }
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) params.set(name, value);
  const search = params.toString();
  return search ? `?${search}` : '';
}

/**
 * The API parameters of a view at time `now`: a relative range becomes `from`. The caller fixes `now`
 * once per view, so every page of one scroll uses the same window.
 */
export function apiParamsOf(fields: readonly string[], filters: FilterValues & { range?: TimeRange | undefined }, now: number): Record<string, string> {
  const params: Record<string, string> = {};
  for (const field of fields) {
    const value = filters[field];
    if (value !== undefined && field !== 'range') params[field] = String(value);
  }
  if (filters.range !== undefined) params['from'] = new Date(now - timeRanges[filters.range]).toISOString();
  return params;
}

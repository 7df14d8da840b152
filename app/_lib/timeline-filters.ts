import { z } from 'zod';
import { recordKinds } from '@/server/decode/contract';

/** Relative windows offered by the timeline; kept relative in the URL, so a shared link means "the last hour" when opened. */
export const timeRanges = { '15m': 15 * 60_000, '1h': 60 * 60_000, '24h': 24 * 60 * 60_000, '7d': 7 * 24 * 60 * 60_000 } as const;
export type TimeRange = keyof typeof timeRanges;
export const timeRangeLabels: Record<TimeRange, string> = {
  '15m': 'last 15 min',
  '1h': 'last hour',
  '24h': 'last 24 h',
  '7d': 'last 7 days',
};

const text = z.string().trim().min(1).max(500);

/** Every piece of timeline view state that lives in the URL. */
export const timelineFiltersSchema = z
  .object({
    topic: text.optional(),
    service: text.optional(),
    /** records written by this service (its URN, as in `source`) */
    source: text.optional(),
    kind: z.enum(recordKinds).optional(),
    name: text.optional(),
    key: text.optional(),
    correlationId: text.optional(),
    uuid: text.optional(),
    requestUuid: text.optional(),
    header: text.optional(),
    headerValue: text.optional(),
    q: text.optional(),
    range: z.enum(Object.keys(timeRanges) as [TimeRange, ...TimeRange[]]).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((f) => f.headerValue === undefined || f.header !== undefined, {
    message: 'a header value needs the header name too',
    path: ['headerValue'],
  })
  .refine((f) => f.range === undefined || (f.from === undefined && f.to === undefined), {
    message: 'give either a relative range or from/to, not both',
    path: ['range'],
  });

export type TimelineFilters = z.infer<typeof timelineFiltersSchema>;
export const filterFields = [
  'topic',
  'service',
  'source',
  'kind',
  'name',
  'key',
  'correlationId',
  'uuid',
  'requestUuid',
  'header',
  'headerValue',
  'q',
  'range',
  'from',
  'to',
] as const satisfies readonly (keyof TimelineFilters)[];

export type ParsedFilters = { ok: true; filters: TimelineFilters } | { ok: false; filters: TimelineFilters; problems: string[] };

type ParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

function firstValue(source: ParamSource, field: string): string | undefined {
  if (source instanceof URLSearchParams) return source.get(field) ?? undefined;
  const value = source[field];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads the filters from URL parameters; on invalid ones, says why and falls back to no filter at all. */
export function parseTimelineFilters(source: ParamSource): ParsedFilters {
  const raw: Record<string, string> = {};
  for (const field of filterFields) {
    const value = firstValue(source, field);
    if (value !== undefined && value !== '') raw[field] = value;
  }
  const parsed = timelineFiltersSchema.safeParse(raw);
  if (parsed.success) return { ok: true, filters: parsed.data };
  return {
    ok: false,
    filters: {},
    problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'filters'}: ${issue.message}`),
  };
}

/** The URL query string of a view (stable field order, so equal views give equal links). */
export function timelineSearch(filters: TimelineFilters, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const field of filterFields) {
    const value = filters[field];
    if (value !== undefined) params.set(field, value);
  }
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) params.set(name, value);
  const search = params.toString();
  return search ? `?${search}` : '';
}

export function recordsHref(filters: TimelineFilters): string {
  return `/records${timelineSearch(filters)}`;
}

/**
 * The API parameters of a view at time `now`: a relative range becomes `from`. The caller fixes `now`
 * once per view, so every page of one scroll uses the same window.
 */
export function toApiFilters(filters: TimelineFilters, now: number): Record<string, string> {
  const params: Record<string, string> = {};
  for (const field of filterFields) {
    const value = filters[field];
    if (value !== undefined && field !== 'range') params[field] = value;
  }
  if (filters.range !== undefined) params['from'] = new Date(now - timeRanges[filters.range]).toISOString();
  return params;
}

export function hasFilters(filters: TimelineFilters): boolean {
  return filterFields.some((field) => filters[field] !== undefined);
}

import { z } from 'zod';
import { timeRanges, type TimeRange } from './timeline-filters';

const text = z.string().trim().min(1).max(500);

/** Every piece of the trace list's view state that lives in the URL. */
export const traceFiltersSchema = z
  .object({
    service: text.optional(),
    status: z.enum(['ok', 'error']).optional(),
    minDurationMs: z.coerce.number().int().min(0).optional(),
    range: z.enum(Object.keys(timeRanges) as [TimeRange, ...TimeRange[]]).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((f) => f.range === undefined || (f.from === undefined && f.to === undefined), {
    message: 'give either a relative range or from/to, not both',
    path: ['range'],
  });

export type TraceFilters = z.infer<typeof traceFiltersSchema>;

export const traceFilterFields = ['service', 'status', 'minDurationMs', 'range', 'from', 'to'] as const satisfies readonly (keyof TraceFilters)[];

export type ParsedTraceFilters = { ok: true; filters: TraceFilters } | { ok: false; filters: TraceFilters; problems: string[] };

type ParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

function firstValue(source: ParamSource, field: string): string | undefined {
  if (source instanceof URLSearchParams) return source.get(field) ?? undefined;
  const value = source[field];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads the filters from URL parameters; on invalid ones, says why and shows every trace. */
export function parseTraceFilters(source: ParamSource): ParsedTraceFilters {
  const raw: Record<string, string> = {};
  for (const field of traceFilterFields) {
    const value = firstValue(source, field);
    if (value !== undefined && value !== '') raw[field] = value;
  }
  const parsed = traceFiltersSchema.safeParse(raw);
  if (parsed.success) return { ok: true, filters: parsed.data };
  return { ok: false, filters: {}, problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'filters'}: ${issue.message}`) };
}

/** `/traces?…` of a view, fields in a stable order so equal views give equal links. */
export function tracesHref(filters: TraceFilters): string {
  const params = new URLSearchParams();
  for (const field of traceFilterFields) {
    const value = filters[field];
    if (value !== undefined) params.set(field, String(value));
  }
  const search = params.toString();
  return search ? `/traces?${search}` : '/traces';
}

/** The API parameters at time `now` (fixed once per view, so every page uses one window). */
export function traceApiParams(filters: TraceFilters, now: number): Record<string, string> {
  const params: Record<string, string> = {};
  for (const field of traceFilterFields) {
    const value = filters[field];
    if (value !== undefined && field !== 'range') params[field] = String(value);
  }
  if (filters.range !== undefined) params['from'] = new Date(now - timeRanges[filters.range]).toISOString();
  return params;
}

export function traceHref(correlationId: string): string {
  return `/traces/${encodeURIComponent(correlationId)}`;
}

import { z } from 'zod';
import { apiParamsOf, oneKindOfWindow, parseUrlFilters, searchOf, timeWindowFields, type ParsedFilters } from './url-filters';

const text = z.string().trim().min(1).max(500);

/** Every piece of the trace list's view state that lives in the URL. */
export const traceFiltersSchema = z
  .object({
    service: text.optional(),
    status: z.enum(['ok', 'error']).optional(),
    minDurationMs: z.coerce.number().int().min(0).optional(),
    ...timeWindowFields,
  })
  .refine(...oneKindOfWindow);

export type TraceFilters = z.infer<typeof traceFiltersSchema>;

export const traceFilterFields = ['service', 'status', 'minDurationMs', 'range', 'from', 'to'] as const satisfies readonly (keyof TraceFilters)[];

export type ParsedTraceFilters = ParsedFilters<TraceFilters>;

/** Reads the filters from URL parameters; on invalid ones, says why and shows every trace. */
export function parseTraceFilters(source: URLSearchParams | Record<string, string | string[] | undefined>): ParsedTraceFilters {
  return parseUrlFilters(traceFiltersSchema, traceFilterFields, source);
}

/** `/traces?…` of a view, fields in a stable order so equal views give equal links. */
export function tracesHref(filters: TraceFilters): string {
  return `/traces${searchOf(traceFilterFields, filters)}`;
}

/** The API parameters at time `now` (fixed once per view, so every page uses one window). */
export function traceApiParams(filters: TraceFilters, now: number): Record<string, string> {
  return apiParamsOf(traceFilterFields, filters, now);
}

export function traceHref(correlationId: string): string {
  return `/traces/${encodeURIComponent(correlationId)}`;
}

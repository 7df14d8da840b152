import { z } from 'zod';
import { recordKinds } from '@/server/decode/contract';
import { apiParamsOf, oneKindOfWindow, parseUrlFilters, searchOf, timeWindowFields, type ParsedFilters } from './url-filters';

export { timeRangeLabels, timeRanges, type TimeRange } from './url-filters';

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
    ...timeWindowFields,
  })
  .refine((f) => f.headerValue === undefined || f.header !== undefined, {
    message: 'a header value needs the header name too',
    path: ['headerValue'],
  })
  .refine(...oneKindOfWindow);

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

/** Reads the filters from URL parameters; on invalid ones, says why and falls back to no filter at all. */
export function parseTimelineFilters(source: URLSearchParams | Record<string, string | string[] | undefined>): ParsedFilters<TimelineFilters> {
  return parseUrlFilters(timelineFiltersSchema, filterFields, source);
}

/** The URL query string of a view (stable field order, so equal views give equal links). */
export function timelineSearch(filters: TimelineFilters, extra: Record<string, string | undefined> = {}): string {
  return searchOf(filterFields, filters, extra);
}

export function recordsHref(filters: TimelineFilters): string {
  return `/records${timelineSearch(filters)}`;
}

/** The API parameters of a view at time `now` (fixed once per view): a relative range becomes `from`. */
export function toApiFilters(filters: TimelineFilters, now: number): Record<string, string> {
  return apiParamsOf(filterFields, filters, now);
}

export function hasFilters(filters: TimelineFilters): boolean {
  return filterFields.some((field) => filters[field] !== undefined);
}

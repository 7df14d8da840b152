import { z } from 'zod';
import { apiParamsOf, oneKindOfWindow, parseUrlFilters, searchOf, timeWindowFields, type ParsedFilters } from './url-filters';

const text = z.string().trim().min(1).max(500);
const topic = z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, 'not a valid Kafka topic name');

/** The tabs of /dead-letters: one row per bug, every dead letter, failed Eventy responses. */
export const deadLetterTabs = ['grouped', 'flat', 'failed'] as const;
export type DeadLetterTab = (typeof deadLetterTabs)[number];

/** Every piece of /dead-letters view state that lives in the URL (besides the selected dead letter). */
export const deadLetterFiltersSchema = z
  .object({
    view: z.enum(deadLetterTabs).optional(),
    q: text.optional(),
    key: text.optional(),
    correlationId: text.optional(),
    name: text.optional(),
    dlqTopic: topic.optional(),
    originalTopic: topic.optional(),
    fingerprint: z.string().regex(/^[0-9a-f]{16}$/, 'expected 16 hex digits').optional(),
    errorClass: text.optional(),
    ...timeWindowFields,
  })
  .refine(...oneKindOfWindow);

export type DeadLetterFilters = z.infer<typeof deadLetterFiltersSchema>;

export const deadLetterFilterFields = [
  'view',
  'q',
  'key',
  'correlationId',
  'name',
  'dlqTopic',
  'originalTopic',
  'fingerprint',
  'errorClass',
  'range',
  'from',
  'to',
] as const satisfies readonly (keyof DeadLetterFilters)[];

/** Filters the failed-responses tab understands (the record filters of the timeline). */
const failedResponseFields = ['q', 'key', 'correlationId', 'name', 'range', 'from', 'to'] as const;
const deadLetterApiFields = deadLetterFilterFields.filter((field) => field !== 'view');

export function parseDeadLetterFilters(source: URLSearchParams | Record<string, string | string[] | undefined>): ParsedFilters<DeadLetterFilters> {
  return parseUrlFilters(deadLetterFiltersSchema, deadLetterFilterFields, source);
}

export function tabOf(filters: DeadLetterFilters): DeadLetterTab {
  return filters.view ?? 'grouped';
}

/** `/dead-letters?…`, fields in a stable order so equal views give equal links; `deadLetter` selects one. */
export function deadLettersHref(filters: DeadLetterFilters, selected?: string | null): string {
  return `/dead-letters${searchOf(deadLetterFilterFields, filters, { deadLetter: selected ?? undefined })}`;
}

/** `GET /api/dead-letters` parameters at `now` (a relative range becomes `from`). */
export function deadLetterApiParams(filters: DeadLetterFilters, now: number): Record<string, string> {
  return { ...apiParamsOf(deadLetterApiFields, filters, now), view: tabOf(filters) === 'grouped' ? 'grouped' : 'flat' };
}

/** `GET /api/records` parameters of the failed-responses tab: responses with `ok: false`. */
export function failedResponseApiParams(filters: DeadLetterFilters, now: number): Record<string, string> {
  return { ...apiParamsOf(failedResponseFields, filters, now), kind: 'response', ok: 'false' };
}

/** Filters besides the tab: whether the empty state should offer to clear them. */
export function hasDeadLetterFilters(filters: DeadLetterFilters): boolean {
  return deadLetterApiFields.some((field) => filters[field] !== undefined);
}

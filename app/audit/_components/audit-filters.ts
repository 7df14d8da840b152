import { z } from 'zod';
import { auditActions, auditResults } from '@/server/audit/contract';
import { parseUrlFilters, type ParsedFilters } from '../../_lib/url-filters';

export const auditFilterFields = ['actor', 'action', 'target', 'result', 'from', 'to'] as const;
export type AuditFilterField = (typeof auditFilterFields)[number];

const auditFiltersSchema = z.object({
  actor: z.string().min(1).max(200).optional(),
  action: z.enum(auditActions).optional(),
  target: z.string().min(1).max(1000).optional(),
  result: z.enum(auditResults).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

export function parseAuditFilters(source: URLSearchParams | Record<string, string | string[] | undefined>): ParsedFilters<AuditFilters> {
  return parseUrlFilters(auditFiltersSchema, auditFilterFields, source);
}

/** The filters as URL parameters, in a fixed order, empty ones left out. */
export function auditParams(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of auditFilterFields) {
    const value = filters[field];
    if (value !== undefined && value !== '') params.set(field, value);
  }
  return params;
}

export function auditPageHref(filters: AuditFilters): string {
  const query = auditParams(filters).toString();
  return query === '' ? '/audit' : `/audit?${query}`;
}

export function auditExportHref(filters: AuditFilters): string {
  const params = auditParams(filters);
  params.set('format', 'json');
  return `/api/audit?${params.toString()}`;
}

/** `<input type="datetime-local">` value (viewer's zone) ↔ ISO UTC for the URL. */
export function localInputToIso(value: string): string | undefined {
  if (value === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function isoToLocalInput(iso: string | undefined): string {
  if (iso === undefined) return '';
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

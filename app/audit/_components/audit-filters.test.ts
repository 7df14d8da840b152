import { describe, expect, it } from 'vitest';
import { auditExportHref, auditPageHref, isoToLocalInput, localInputToIso, parseAuditFilters } from './audit-filters';

describe('audit filters in the URL', () => {
  it('reads known filters and builds page and export links from them', () => {
    const parsed = parseAuditFilters(new URLSearchParams('actor=ada&action=login&result=failed&from=2026-11-23T10:00:00.000Z&other=x'));
    expect(parsed).toEqual({ ok: true, filters: { actor: 'ada', action: 'login', result: 'failed', from: '2026-11-23T10:00:00.000Z' } });
    expect(auditPageHref(parsed.filters)).toBe('/audit?actor=ada&action=login&result=failed&from=2026-11-23T10%3A00%3A00.000Z');
    expect(auditExportHref({ target: 'dlq:0:1' })).toBe('/api/audit?target=dlq%3A0%3A1&format=json');
    expect(auditPageHref({})).toBe('/audit');
  });

  it('says why a filter is invalid and falls back to none', () => {
    const parsed = parseAuditFilters({ action: 'delete-everything' });
    expect(parsed.ok).toBe(false);
    expect(parsed.filters).toEqual({});
  });

  it('converts the form time fields to ISO and back', () => {
    const iso = localInputToIso('2026-11-23T10:15:30');
    expect(iso).toMatch(/^2026-11-2\dT\d\d:15:30\.000Z$/);
    expect(isoToLocalInput(iso)).toBe('2026-11-23T10:15:30');
    expect(localInputToIso('')).toBeUndefined();
    expect(localInputToIso('garbage')).toBeUndefined();
  });
});

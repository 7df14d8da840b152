import { describe, expect, it } from 'vitest';
import { parseTimelineFilters, timelineSearch, toApiFilters } from './timeline-filters';

describe('timeline filters in the URL', () => {
  it('reads every filter and writes them back in a stable order', () => {
    const params = new URLSearchParams('q=gift&kind=response&service=urn:shop&header=traceparent&headerValue=00-1&range=1h&record=t:0:1&junk=1');
    const parsed = parseTimelineFilters(params);
    expect(parsed).toEqual({
      ok: true,
      filters: { q: 'gift', kind: 'response', service: 'urn:shop', header: 'traceparent', headerValue: '00-1', range: '1h' },
    });
    expect(timelineSearch(parsed.filters, { record: 't:0:1' })).toBe('?service=urn%3Ashop&kind=response&header=traceparent&headerValue=00-1&q=gift&range=1h&record=t%3A0%3A1');
  });

  it('reads a source filter, as the flow graph links an edge to its records', () => {
    const parsed = parseTimelineFilters(new URLSearchParams('source=urn:orders&name=OrderPlaced&topic=orders-events'));
    expect(parsed).toEqual({ ok: true, filters: { source: 'urn:orders', name: 'OrderPlaced', topic: 'orders-events' } });
    expect(toApiFilters(parsed.filters, 0)).toEqual({ source: 'urn:orders', name: 'OrderPlaced', topic: 'orders-events' });
  });

  it('takes the first value of a repeated parameter from Next.js search params', () => {
    expect(parseTimelineFilters({ topic: ['a', 'b'], name: undefined })).toEqual({ ok: true, filters: { topic: 'a' } });
  });

  it('says why invalid filters are ignored instead of failing the page', () => {
    const parsed = parseTimelineFilters(new URLSearchParams('kind=banana&headerValue=x&from=yesterday'));
    expect(parsed.ok).toBe(false);
    expect(parsed.filters).toEqual({});
    if (!parsed.ok) expect(parsed.problems.join('\n')).toMatch(/kind/);
  });

  it('refuses a relative range together with absolute bounds', () => {
    expect(parseTimelineFilters(new URLSearchParams('range=15m&from=2026-01-01T00:00:00Z')).ok).toBe(false);
  });

  it('turns a relative range into `from` at the view time and passes the rest through', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(toApiFilters({ range: '15m', name: 'OrderPlaced' }, now)).toEqual({ name: 'OrderPlaced', from: '2026-11-23T11:45:00.000Z' });
    expect(toApiFilters({ from: '2026-11-23T10:00:00Z', to: '2026-11-23T11:00:00Z' }, now)).toEqual({ from: '2026-11-23T10:00:00Z', to: '2026-11-23T11:00:00Z' });
  });
});

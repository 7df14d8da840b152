import { describe, expect, it } from 'vitest';
import { deadLetterApiParams, deadLettersHref, failedResponseApiParams, hasDeadLetterFilters, parseDeadLetterFilters, tabOf } from './dead-letter-filters';

describe('dead-letter URL filters', () => {
  it('round-trips a view through its link', () => {
    const filters = { view: 'flat' as const, originalTopic: 'orders-events', fingerprint: '0123456789abcdef', range: '24h' as const };
    const href = deadLettersHref(filters, 'orders-events.dlq:0:5');
    expect(href).toBe('/dead-letters?view=flat&originalTopic=orders-events&fingerprint=0123456789abcdef&range=24h&deadLetter=orders-events.dlq%3A0%3A5');
    expect(parseDeadLetterFilters(new URL(href, 'http://x').searchParams)).toEqual({ ok: true, filters });
  });

  it('says why invalid filters were ignored', () => {
    const parsed = parseDeadLetterFilters({ fingerprint: 'xyz', view: 'grouped' });
    expect(parsed.ok).toBe(false);
    expect(parsed.filters).toEqual({});
    expect(parseDeadLetterFilters({ range: '1h', from: '2026-01-01T00:00:00Z' }).ok).toBe(false);
  });

  it('asks the API for groups or the flat list, with a relative range fixed at now', () => {
    const now = Date.parse('2026-11-23T12:00:00.000Z');
    expect(deadLetterApiParams({ range: '1h', dlqTopic: 'a.dlq' }, now)).toEqual({ dlqTopic: 'a.dlq', from: '2026-11-23T11:00:00.000Z', view: 'grouped' });
    expect(deadLetterApiParams({ view: 'flat', errorClass: 'E' }, now)).toEqual({ errorClass: 'E', view: 'flat' });
    expect(failedResponseApiParams({ view: 'failed', q: 'card', dlqTopic: 'a.dlq' }, now)).toEqual({ q: 'card', kind: 'response', ok: 'false' });
  });

  it('tells the tab and whether any filter is set', () => {
    expect(tabOf({})).toBe('grouped');
    expect(hasDeadLetterFilters({ view: 'flat' })).toBe(false);
    expect(hasDeadLetterFilters({ view: 'flat', key: 'k' })).toBe(true);
  });
});

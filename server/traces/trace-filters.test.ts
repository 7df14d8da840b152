import { describe, expect, it } from 'vitest';
import { parseTraceFilters, traceApiParams, traceHref, tracesHref } from '../../app/_lib/trace-filters';

// the trace list's URL state (app/_lib/trace-filters.ts); vitest only collects tests under server/ and scripts/

describe('trace list filters in the URL', () => {
  it('reads every filter and writes the same link back', () => {
    const parsed = parseTraceFilters(new URLSearchParams('status=error&service=billing&minDurationMs=250&range=1h&ignored=x'));
    expect(parsed).toEqual({ ok: true, filters: { service: 'billing', status: 'error', minDurationMs: 250, range: '1h' } });
    expect(tracesHref(parsed.filters)).toBe('/traces?service=billing&status=error&minDurationMs=250&range=1h');
    expect(tracesHref({})).toBe('/traces');
  });

  it('says why invalid filters were dropped', () => {
    const parsed = parseTraceFilters({ status: 'broken', minDurationMs: '-5' });
    expect(parsed.ok).toBe(false);
    expect(parsed.filters).toEqual({});
    if (!parsed.ok) expect(parsed.problems.map((problem) => problem.split(':')[0])).toEqual(['status', 'minDurationMs']);
    const both = parseTraceFilters({ range: '1h', from: '2024-01-01T00:00:00Z' });
    expect(both.ok ? [] : both.problems).toEqual(['range: give either a relative range or from/to, not both']);
  });

  it('turns a relative range into from at the fixed time of the view', () => {
    const now = Date.parse('2024-01-15T12:00:00Z');
    expect(traceApiParams({ range: '15m', status: 'ok', minDurationMs: 0 }, now)).toEqual({ status: 'ok', minDurationMs: '0', from: '2024-01-15T11:45:00.000Z' });
  });

  it('links a trace by its encoded correlation id', () => {
    expect(traceHref('orders:POST_/api/orders:a b')).toBe('/traces/orders%3APOST_%2Fapi%2Forders%3Aa%20b');
  });
});

import { describe, expect, it } from 'vitest';
import { formatEventyDateIso, parseEventyDateIso } from './eventy-date';

const at = Date.UTC(2024, 0, 15, 10, 30, 0);
const oldPython = 'is not readable by Python < 3.11 fromisoformat';

describe('parseEventyDateIso', () => {
  it.each([
    ['2024-01-15T10:30:00+00:00', at],
    ['2024-01-15T10:30:00.123+00:00', at + 123],
    ['2024-01-15T10:30:00.123000+00:00', at + 123],
    ['2024-01-15T10:30:00.123999+00:00', at + 123],
    ['2024-01-15T12:30:00.5+02:00', at + 500],
    ['2024-01-15T05:00:00-05:30', at],
  ])('reads %s to epoch ms (sub-ms digits cut off)', (text, ms) => {
    expect(parseEventyDateIso(text)?.ms).toBe(ms);
  });

  it('has nothing to say about the forms eventy writes', () => {
    expect(parseEventyDateIso('2024-01-15T10:30:00.123000+00:00')?.notes).toEqual([]);
    expect(parseEventyDateIso('2024-01-15T10:30:00+00:00')?.notes).toEqual([]);
    expect(parseEventyDateIso('2024-01-15T10:30:00.123+00:00')?.notes).toEqual([]);
  });

  it.each(['2024-01-15T10:30:00Z', '2024-01-15T10:30:00.123Z', '2024-01-15T10:30:00.5+00:00', '2024-01-15 10:30:00+00:00'])(
    'reads %s but notes that old Pythons cannot',
    (text) => {
      const parsed = parseEventyDateIso(text);
      expect(parsed?.ms).toBeGreaterThanOrEqual(at);
      expect(parsed?.notes.join()).toContain(oldPython);
    },
  );

  it('reads a date without offset as UTC and says eventy would not', () => {
    const parsed = parseEventyDateIso('2024-01-15T10:30:00.123000');
    expect(parsed?.ms).toBe(at + 123);
    expect(parsed?.notes.join()).toContain('no UTC offset');
  });

  it.each(['', 'yesterday', '2024-02-30T00:00:00+00:00', '2024-13-01T00:00:00+00:00', '2024-01-15T24:00:00+00:00', '0000-01-01T00:00:00+00:00', '2024-01-15T10:30:00+25:00', '2024-01-15'])(
    'refuses %j',
    (text) => {
      expect(parseEventyDateIso(text)).toBeNull();
    },
  );

  it('reads years before 100 without mapping them to 19xx', () => {
    expect(parseEventyDateIso('0042-06-01T00:00:00+00:00')?.ms).toBe(new Date('0042-06-01T00:00:00Z').getTime());
  });
});

describe('formatEventyDateIso', () => {
  it('writes Python isoformat with 6 fraction digits, or none when ms are 0', () => {
    expect(formatEventyDateIso(at + 123)).toBe('2024-01-15T10:30:00.123000+00:00');
    expect(formatEventyDateIso(at + 1000)).toBe('2024-01-15T10:30:01+00:00');
    expect(formatEventyDateIso(at + 7)).toBe('2024-01-15T10:30:00.007000+00:00');
  });

  it('cuts sub-millisecond parts and pads early years', () => {
    expect(formatEventyDateIso(at + 123.9)).toBe('2024-01-15T10:30:00.123000+00:00');
    expect(formatEventyDateIso(-1)).toBe('1969-12-31T23:59:59.999000+00:00');
    expect(formatEventyDateIso(new Date('0042-06-01T00:00:00Z').getTime())).toBe('0042-06-01T00:00:00+00:00');
  });

  it('round-trips through parseEventyDateIso', () => {
    for (const ms of [0, 1, 999, at, at + 412, 253402300799999]) {
      expect(parseEventyDateIso(formatEventyDateIso(ms))?.ms).toBe(ms);
    }
  });

  it.each([Number.NaN, Infinity, 253402300800000, -62135596800001])('throws RangeError outside Python datetime for %s', (ms) => {
    expect(() => formatEventyDateIso(ms)).toThrow(RangeError);
  });
});

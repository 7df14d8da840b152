export interface ParsedIsoDate {
  ms: number;
  /** why a Python reader could read it differently or not at all */
  notes: string[];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})([T ])(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})?$/;

/** Reads `date_iso8601` as Python's fromisoformat would, cut to milliseconds like eventy. */
export function parseEventyDateIso(text: string): ParsedIsoDate | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [, year, month, day, separator, hour, minute, second, fraction = '', offset] = match;
  const base = utcMs(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second));
  const offsetMinutes = offset === undefined || offset === 'Z' ? 0 : parseOffsetMinutes(offset);
  if (base === null || offsetMinutes === null) return null;
  const ms = base + Number(fraction.padEnd(3, '0').slice(0, 3)) - offsetMinutes * 60_000;
  const notes: string[] = [];
  if (offset === undefined) {
    notes.push(`date_iso8601 "${text}" has no UTC offset: read as UTC, while eventy would read it in its host's local time`);
  }
  if (offset === 'Z' || separator === ' ' || ![0, 3, 6].includes(fraction.length)) {
    notes.push(`date_iso8601 "${text}" is not readable by Python < 3.11 fromisoformat (eventy writes +00:00 and 0 or 6 fraction digits)`);
  }
  return { ms, notes };
}

function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number | null {
  if (year < 1 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

function parseOffsetMinutes(offset: string): number | null {
  const hours = Number(offset.slice(1, 3));
  const minutes = Number(offset.slice(4, 6));
  if (hours > 23 || minutes > 59) return null;
  return (offset.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * Python's `isoformat()` of a UTC datetime at millisecond precision, as eventy writes it:
 * `2024-01-15T10:30:00.123000+00:00`, or no fraction at all when the milliseconds are 0.
 * Sub-millisecond parts are cut off; throws RangeError outside Python's years 1-9999.
 */
export function formatEventyDateIso(ms: number): string {
  const date = new Date(Math.floor(ms));
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 1 || year > 9999) {
    throw new RangeError(`date ${ms} ms is outside Python's datetime range`);
  }
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const day = `${pad(year, 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  const millis = date.getUTCMilliseconds();
  const fraction = millis === 0 ? '' : `.${pad(millis, 3)}000`;
  return `${day}T${time}${fraction}+00:00`;
}

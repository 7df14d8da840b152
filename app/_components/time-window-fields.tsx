'use client';
import { timeRangeLabels, timeRanges, type TimeRange } from '../_lib/url-filters';

export type TimeChoice = TimeRange | 'any' | 'custom';

interface Window {
  range?: TimeRange | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export function initialTimeChoice(filters: Window): TimeChoice {
  return filters.range ?? (filters.from || filters.to ? 'custom' : 'any');
}

/** `datetime-local` shows the viewer's zone; the URL keeps ISO UTC. */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}

function fromLocalInput(value: FormDataEntryValue | null): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The window a submitted form asks for: a relative range, or the custom from/to in ISO UTC. */
export function readTimeWindow(data: FormData, time: TimeChoice): Window {
  if (time === 'any') return {};
  if (time !== 'custom') return { range: time };
  const window: Window = {};
  const from = fromLocalInput(data.get('from'));
  const to = fromLocalInput(data.get('to'));
  if (from) window.from = from;
  if (to) window.to = to;
  return window;
}

/** The time select (any / last … / between…) and, for "between…", the from and to inputs of a filter form. */
export function TimeWindowFields({ id, label, time, onTime, filters }: { id: string; label: string; time: TimeChoice; onTime: (time: TimeChoice) => void; filters: Window }) {
  return (
    <>
      {/* label by id, not by wrapping: a wrapping label's text would include every option */}
      <div className="field">
        <label htmlFor={`${id}-time`}>{label}</label>
        <select id={`${id}-time`} name="time" value={time} onChange={(event) => onTime(event.target.value as TimeChoice)}>
          <option value="any">any time</option>
          {(Object.keys(timeRanges) as TimeRange[]).map((range) => (
            <option key={range} value={range}>
              {timeRangeLabels[range]}
            </option>
          ))}
          <option value="custom">between…</option>
        </select>
      </div>
      {time === 'custom' && (
        <>
          <label>
            <span>From</span>
            <input name="from" type="datetime-local" step={1} defaultValue={toLocalInput(filters.from)} />
          </label>
          <label>
            <span>To</span>
            <input name="to" type="datetime-local" step={1} defaultValue={toLocalInput(filters.to)} />
          </label>
        </>
      )}
    </>
  );
}

'use client';
import { useId, useState, type FormEvent } from 'react';
import { timeRangeLabels, timeRanges, type TimeRange } from '../../_lib/timeline-filters';
import type { TraceFilters } from '../../_lib/trace-filters';

type TimeChoice = TimeRange | 'any' | 'custom';

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

function readForm(form: HTMLFormElement, time: TimeChoice): TraceFilters {
  const data = new FormData(form);
  const filters: TraceFilters = {};
  const service = data.get('service');
  if (typeof service === 'string' && service.trim() !== '') filters.service = service.trim();
  const status = data.get('status');
  if (status === 'ok' || status === 'error') filters.status = status;
  const minDuration = Number(data.get('minDurationMs'));
  if (data.get('minDurationMs') !== '' && Number.isInteger(minDuration) && minDuration >= 0) filters.minDurationMs = minDuration;
  if (time === 'custom') {
    const from = fromLocalInput(data.get('from'));
    const to = fromLocalInput(data.get('to'));
    if (from) filters.from = from;
    if (to) filters.to = to;
  } else if (time !== 'any') {
    filters.range = time;
  }
  return filters;
}

/** The trace list's filters; applying writes them to the URL, the only view state. */
export function TraceFilterBar({ filters, onApply }: { filters: TraceFilters; onApply: (filters: TraceFilters) => void }) {
  const [time, setTime] = useState<TimeChoice>(filters.range ?? (filters.from || filters.to ? 'custom' : 'any'));
  const id = useId();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onApply(readForm(event.currentTarget, time));
  };
  return (
    <form className="filter-bar" role="search" aria-label="filter traces" onSubmit={submit}>
      <label>
        <span>Service</span>
        <input name="service" defaultValue={filters.service ?? ''} placeholder="e.g. orders" autoComplete="off" spellCheck={false} />
      </label>
      <div className="field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select id={`${id}-status`} name="status" defaultValue={filters.status ?? ''}>
          <option value="">any status</option>
          <option value="error">error</option>
          <option value="ok">ok</option>
        </select>
      </div>
      <label>
        <span>Min duration (ms)</span>
        <input name="minDurationMs" type="number" min={0} step={1} defaultValue={filters.minDurationMs ?? ''} placeholder="0" />
      </label>
      <div className="field">
        <label htmlFor={`${id}-time`}>Started</label>
        <select id={`${id}-time`} name="time" value={time} onChange={(event) => setTime(event.target.value as TimeChoice)}>
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
      <div className="filter-actions">
        <button type="submit" className="primary">
          Apply
        </button>
      </div>
    </form>
  );
}

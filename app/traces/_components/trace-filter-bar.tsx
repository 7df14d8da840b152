'use client';
import { useId, useState, type FormEvent } from 'react';
import { initialTimeChoice, readTimeWindow, TimeWindowFields, type TimeChoice } from '../../_components/time-window-fields';
import type { TraceFilters } from '../../_lib/trace-filters';

function readForm(form: HTMLFormElement, time: TimeChoice): TraceFilters {
  const data = new FormData(form);
  const filters: TraceFilters = {};
  const service = data.get('service');
  if (typeof service === 'string' && service.trim() !== '') filters.service = service.trim();
  const status = data.get('status');
  if (status === 'ok' || status === 'error') filters.status = status;
  const minDuration = Number(data.get('minDurationMs'));
  if (data.get('minDurationMs') !== '' && Number.isInteger(minDuration) && minDuration >= 0) filters.minDurationMs = minDuration;
  return { ...filters, ...readTimeWindow(data, time) };
}

/** The trace list's filters; applying writes them to the URL, the only view state. */
export function TraceFilterBar({ filters, onApply }: { filters: TraceFilters; onApply: (filters: TraceFilters) => void }) {
  const [time, setTime] = useState<TimeChoice>(initialTimeChoice(filters));
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
      <TimeWindowFields id={id} label="Started" time={time} onTime={setTime} filters={filters} />
      <div className="filter-actions">
        <button type="submit" className="primary">
          Apply
        </button>
      </div>
    </form>
  );
}

'use client';
import { useId, useState, type FormEvent } from 'react';
import { recordKinds } from '@/server/decode/contract';
import { initialTimeChoice, readTimeWindow, TimeWindowFields, type TimeChoice } from '../../_components/time-window-fields';
import type { TimelineFilters } from '../../_lib/timeline-filters';

const textFields = [
  { name: 'q', label: 'Search payloads', placeholder: 'words in data, context, names, errors' },
  { name: 'service', label: 'Service', placeholder: 'source or destination' },
  { name: 'name', label: 'Record name', placeholder: 'e.g. OrderPlaced' },
  { name: 'topic', label: 'Topic', placeholder: 'exact topic name' },
  { name: 'source', label: 'Source', placeholder: 'writer, e.g. urn:orders' },
  { name: 'key', label: 'Key', placeholder: 'Kafka message key' },
  { name: 'correlationId', label: 'Correlation id', placeholder: 'exact id' },
  { name: 'uuid', label: 'Record uuid', placeholder: 'exact uuid' },
  { name: 'requestUuid', label: 'Answers request', placeholder: 'request uuid' },
  { name: 'header', label: 'Header name', placeholder: 'e.g. traceparent' },
  { name: 'headerValue', label: 'Header value', placeholder: 'exact value (optional)' },
] as const satisfies readonly { name: keyof TimelineFilters; label: string; placeholder: string }[];

function readForm(form: HTMLFormElement, time: TimeChoice): TimelineFilters {
  const data = new FormData(form);
  const filters: Record<string, string> = {};
  for (const { name } of textFields) {
    const value = data.get(name);
    if (typeof value === 'string' && value.trim() !== '') filters[name] = value.trim();
  }
  const kind = data.get('kind');
  if (typeof kind === 'string' && kind !== '') filters['kind'] = kind;
  return { ...filters, ...readTimeWindow(data, time) };
}

/** All timeline filters in one form; applying it writes them to the URL, which is the only view state. */
export function FilterBar({ filters, onApply }: { filters: TimelineFilters; onApply: (filters: TimelineFilters) => void }) {
  const [time, setTime] = useState<TimeChoice>(initialTimeChoice(filters));
  const [expanded, setExpanded] = useState(() => textFields.slice(3).some(({ name }) => filters[name] !== undefined));
  const id = useId();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onApply(readForm(event.currentTarget, time));
  };
  return (
    <form className="filter-bar" role="search" aria-label="filter records" onSubmit={submit} data-expanded={expanded}>
      {textFields.map(({ name, label, placeholder }, index) => (
        <label key={name} className={index >= 3 ? 'more-filter' : undefined}>
          <span>{label}</span>
          <input name={name} type={name === 'q' ? 'search' : 'text'} defaultValue={filters[name] ?? ''} placeholder={placeholder} autoComplete="off" spellCheck={false} />
        </label>
      ))}
      {/* label by id, not by wrapping: a wrapping label's text would include every option */}
      <div className="field">
        <label htmlFor={`${id}-kind`}>Kind</label>
        <select id={`${id}-kind`} name="kind" defaultValue={filters.kind ?? ''}>
          <option value="">any kind</option>
          {recordKinds.map((kind) => (
            <option key={kind} value={kind}>
              {kind}
            </option>
          ))}
        </select>
      </div>
      <TimeWindowFields id={id} label="Time" time={time} onTime={setTime} filters={filters} />
      <div className="filter-actions">
        <button type="submit" className="primary">
          Apply
        </button>
        <button type="button" onClick={() => setExpanded((value) => !value)} aria-expanded={expanded}>
          {expanded ? 'Fewer filters' : 'More filters'}
        </button>
      </div>
    </form>
  );
}

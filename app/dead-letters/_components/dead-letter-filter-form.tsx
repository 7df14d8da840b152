'use client';
import { useId, useState, type FormEvent } from 'react';
import { initialTimeChoice, readTimeWindow, TimeWindowFields, type TimeChoice } from '../../_components/time-window-fields';
import type { DeadLetterFilters } from '../../_lib/dead-letter-filters';

const textFields = [
  { name: 'q', label: 'Search payloads', placeholder: 'words in data, names, errors', deadLettersOnly: false },
  { name: 'originalTopic', label: 'Original topic', placeholder: 'where it failed', deadLettersOnly: true },
  { name: 'errorClass', label: 'Error class', placeholder: 'e.g. com.acme.OrderNotFound', deadLettersOnly: true },
  { name: 'dlqTopic', label: 'Dead-letter topic', placeholder: 'e.g. orders-events.dlq', deadLettersOnly: true },
  { name: 'key', label: 'Key', placeholder: 'Kafka message key', deadLettersOnly: false },
  { name: 'correlationId', label: 'Correlation id', placeholder: 'exact id', deadLettersOnly: false },
  { name: 'name', label: 'Record name', placeholder: 'e.g. OrderPlaced', deadLettersOnly: false },
  { name: 'fingerprint', label: 'Fingerprint', placeholder: '16 hex digits', deadLettersOnly: true },
] as const satisfies readonly { name: keyof DeadLetterFilters; label: string; placeholder: string; deadLettersOnly: boolean }[];

/** The filters of /dead-letters; applying writes them to the URL, keeping the tab. */
export function DeadLetterFilterForm({ filters, failedTab, onApply }: { filters: DeadLetterFilters; failedTab: boolean; onApply: (filters: DeadLetterFilters) => void }) {
  const [time, setTime] = useState<TimeChoice>(initialTimeChoice(filters));
  const id = useId();
  const fields = textFields.filter((field) => !failedTab || !field.deadLettersOnly);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const next: Record<string, string> = {};
    for (const { name } of fields) {
      const value = data.get(name);
      if (typeof value === 'string' && value.trim() !== '') next[name] = value.trim();
    }
    onApply({ ...(failedTab ? pick(filters) : {}), ...next, ...readTimeWindow(data, time), view: filters.view });
  };
  return (
    <form className="filter-bar" role="search" aria-label="filter dead letters" onSubmit={submit} data-testid="dl-filters">
      {fields.map(({ name, label, placeholder }) => (
        <label key={name}>
          <span>{label}</span>
          <input name={name} type={name === 'q' ? 'search' : 'text'} defaultValue={filters[name] ?? ''} placeholder={placeholder} autoComplete="off" spellCheck={false} />
        </label>
      ))}
      <TimeWindowFields id={id} label="Failed" time={time} onTime={setTime} filters={filters} />
      <div className="filter-actions">
        <button type="submit" className="primary">
          Apply
        </button>
        <button type="button" onClick={() => onApply({ view: filters.view })}>
          Clear
        </button>
      </div>
    </form>
  );
}

/** Dead-letter-only filters survive applying the form on the failed-responses tab (where they are not shown). */
function pick(filters: DeadLetterFilters): DeadLetterFilters {
  return { dlqTopic: filters.dlqTopic, originalTopic: filters.originalTopic, errorClass: filters.errorClass, fingerprint: filters.fingerprint };
}

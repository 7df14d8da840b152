'use client';
import { auditActions, auditResults } from '@/server/audit/contract';
import { isoToLocalInput, localInputToIso, type AuditFilters } from './audit-filters';

/** Submitting puts the filters in the URL (times converted from the viewer's zone to UTC). */
export function AuditFilterForm({ filters, onApply }: { filters: AuditFilters; onApply: (next: AuditFilters) => void }) {
  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
    };
    onApply({
      actor: text('actor'),
      action: text('action') as AuditFilters['action'],
      target: text('target'),
      result: text('result') as AuditFilters['result'],
      from: localInputToIso(text('from') ?? ''),
      to: localInputToIso(text('to') ?? ''),
    });
  };
  // keyed by the filters: the form shows the URL's filters after back/forward
  return (
    <form className="filter-bar" onSubmit={submit} key={JSON.stringify(filters)} data-testid="audit-filters" aria-label="audit filters">
      <label>
        Who
        <input name="actor" defaultValue={filters.actor ?? ''} placeholder="user or token name" />
      </label>
      <label>
        Action
        <select name="action" defaultValue={filters.action ?? ''}>
          <option value="">any</option>
          {auditActions.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </select>
      </label>
      <label>
        Target
        <input name="target" defaultValue={filters.target ?? ''} placeholder="exact target" />
      </label>
      <label>
        Result
        <select name="result" defaultValue={filters.result ?? ''}>
          <option value="">any</option>
          {auditResults.map((result) => (
            <option key={result} value={result}>
              {result}
            </option>
          ))}
        </select>
      </label>
      <label>
        From
        <input name="from" type="datetime-local" step="1" defaultValue={isoToLocalInput(filters.from)} />
      </label>
      <label>
        To
        <input name="to" type="datetime-local" step="1" defaultValue={isoToLocalInput(filters.to)} />
      </label>
      <div className="filter-actions">
        <button type="submit">Apply</button>
        <button type="button" onClick={() => onApply({})}>
          Clear
        </button>
      </div>
    </form>
  );
}

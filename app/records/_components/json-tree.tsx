'use client';
import { useState } from 'react';
import { CopyButton } from './copy-button';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isContainer(value: unknown): value is Json[] | Record<string, Json> {
  return typeof value === 'object' && value !== null;
}

function entriesOf(value: Json[] | Record<string, Json>): [string, Json][] {
  return Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
}

function Leaf({ value }: { value: Json }) {
  if (typeof value === 'string') return <span className="json-string">{JSON.stringify(value)}</span>;
  if (value === null) return <span className="json-null">null</span>;
  if (typeof value === 'number' || typeof value === 'boolean') return <span className={`json-${typeof value}`}>{String(value)}</span>;
  return <span>{JSON.stringify(value)}</span>;
}

/** One object or array: children are rendered only while open, so a 10,000-key payload costs nothing closed. */
function Node({ name, value, depth, openDepth }: { name: string | null; value: Json[] | Record<string, Json>; depth: number; openDepth: number }) {
  const [open, setOpen] = useState(depth < openDepth);
  const entries = entriesOf(value);
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return (
    <details open={open} onToggle={(event) => setOpen(event.currentTarget.open)} className="json-node">
      <summary>
        {name !== null && <span className="json-key">{name}: </span>}
        <span className="json-count">{summary}</span>
        <CopyButton text={JSON.stringify(value, null, 2)} label="Copy" />
      </summary>
      {open && (
        <ul>
          {entries.map(([key, child]) => (
            <li key={key}>
              {isContainer(child) ? (
                <Node name={key} value={child} depth={depth + 1} openDepth={openDepth} />
              ) : (
                <>
                  <span className="json-key">{key}: </span>
                  <Leaf value={child} />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

/** Payloads up to this size open fully; bigger ones show their first two levels. */
const smallPayloadChars = 5_000;

/** A collapsible JSON tree; every key and value is React text, never HTML. */
export function JsonTree({ value, label }: { value: unknown; label: string }) {
  const json = value as Json;
  const [openDepth] = useState(() => (JSON.stringify(json).length <= smallPayloadChars ? Infinity : 2));
  return (
    <div className="json-tree" data-testid={`json-${label}`}>
      {isContainer(json) ? <Node name={null} value={json} depth={0} openDepth={openDepth} /> : <Leaf value={json} />}
    </div>
  );
}

'use client';
import { useMemo, useState } from 'react';
import type { RawPreview } from '@/server/http/record-detail';

const hexStep = 4 * 1024;

function decodeBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** `offset  16 hex bytes  |ascii|`, the layout of `hexdump -C`. */
export function hexDump(bytes: Uint8Array, limit: number): string {
  const lines: string[] = [];
  const end = Math.min(bytes.length, limit);
  for (let offset = 0; offset < end; offset += 16) {
    const row = bytes.subarray(offset, Math.min(offset + 16, end));
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  |${ascii}|`);
  }
  return lines.join('\n');
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The value's bytes as UTF-8 text and as hex, bounded: huge values show a prefix and say so. */
export function RawBytes({ raw }: { raw: RawPreview | null }) {
  const bytes = useMemo(() => (raw ? decodeBase64(raw.base64) : new Uint8Array()), [raw]);
  const text = useMemo(() => new TextDecoder('utf-8', { fatal: false }).decode(bytes), [bytes]);
  const [view, setView] = useState<'text' | 'hex'>('text');
  const [hexLimit, setHexLimit] = useState(hexStep);
  if (raw === null) return <p className="muted">No value (a tombstone).</p>;
  return (
    <div className="raw-bytes" data-testid="raw-bytes">
      <div className="raw-toolbar" role="tablist" aria-label="raw value view">
        <button type="button" role="tab" aria-selected={view === 'text'} onClick={() => setView('text')}>
          Text
        </button>
        <button type="button" role="tab" aria-selected={view === 'hex'} onClick={() => setView('hex')}>
          Hex
        </button>
        <span className="muted">
          {formatSize(raw.size)}
          {raw.truncated && ` — showing the first ${formatSize(raw.shownBytes)}`}
        </span>
      </div>
      {view === 'text' ? (
        <pre className="raw-text">{text}</pre>
      ) : (
        <>
          <pre className="raw-hex">{hexDump(bytes, hexLimit)}</pre>
          {hexLimit < bytes.length && (
            <button type="button" onClick={() => setHexLimit((limit) => limit + hexStep * 4)}>
              Show more ({formatSize(Math.min(bytes.length, hexLimit + hexStep * 4))} of {formatSize(bytes.length)})
            </button>
          )}
        </>
      )}
    </div>
  );
}

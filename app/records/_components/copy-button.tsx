'use client';
import { useState } from 'react';

async function copyText(text: string): Promise<boolean> {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // fall through: a denied permission still allows the selection-based copy
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  return copied;
}

/** Copies `text`; says "copied" or "copy failed" for a moment (the clipboard API needs https or localhost). */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [result, setResult] = useState<'copied' | 'failed' | null>(null);
  return (
    <button
      type="button"
      className="copy-button"
      aria-label={label}
      onClick={(event) => {
        event.stopPropagation();
        event.preventDefault();
        void copyText(text).then((ok) => {
          setResult(ok ? 'copied' : 'failed');
          setTimeout(() => setResult(null), 1500);
        });
      }}
    >
      {result === 'copied' ? 'Copied' : result === 'failed' ? 'Copy failed' : label}
    </button>
  );
}

import { createHash } from 'node:crypto';

/** Replacements applied in order: the specific shapes first, so a uuid is not read as numbers and hex. */
const normalisers: readonly [RegExp, string][] = [
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>]+/gi, '<url>'],
  [/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, '<email>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`[^`\n]*`|«[^»\n]*»|“[^”\n]*”/g, '<value>'],
  [/\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/g, '<time>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  // hex ids and hashes: 8 or more hex digits with at least one digit and one letter
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<hex>'],
  // ids mixing letters and 6+ digits (ord_8812345, AB1234567)
  [/\b(?=\w*[A-Za-z_])(?=\w*\d{6})\w+\b/g, '<id>'],
  // numbers, also glued to a unit (30000ms, 12.5s), but not inside names (utf8, sha256)
  [/(?<![A-Za-z0-9_])\d+(?:[.,:]\d+)*/g, '<n>'],
  [/\s+/g, ' '],
];

const maxTextLength = 300;

/** A message with ids, numbers, quoted values, emails and URLs replaced by placeholders; its first line only (stack traces follow). */
export function normaliseErrorMessage(message: string | null): string {
  if (message === null) return '';
  const firstLine = message.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  let text = firstLine.slice(0, 4 * maxTextLength);
  for (const [pattern, placeholder] of normalisers) text = text.replace(pattern, placeholder);
  return text.trim().slice(0, maxTextLength);
}

export interface ErrorFingerprint {
  /** 16 hex digits of SHA-256 over the error class and the normalised message */
  fingerprint: string;
  /** the normalised message, for display beside the error class */
  text: string;
}

/** Equal for failures of one bug: the error class and the message without what changes from record to record. */
export function fingerprint(errorClass: string | null, message: string | null): ErrorFingerprint {
  const text = normaliseErrorMessage(message);
  const hash = createHash('sha256').update(`${errorClass ?? ''}\u0000${text}`).digest('hex').slice(0, 16);
  return { fingerprint: hash, text };
}

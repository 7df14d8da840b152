import { createHash } from 'node:crypto';
import { decodeEventyValue, encodeEventyJson, type EventyRecord, type RecordKind } from '../decode';

export interface ValueChange {
  /** JSON path, e.g. `data.items[0].sku` */
  path: string;
  before: unknown;
  after: unknown;
}

export type EditedValueCheck =
  | { ok: true; bytes: Buffer; record: EventyRecord; sha256: string; changes: ValueChange[] }
  | { ok: false; reasons: string[] };

const maxChanges = 100;

/**
 * An edited value is sent only if eventy's own decoder would take it (protocol §2.1: no extra key, every field
 * valid) and it is a record of the dead letter's kind; it is then written in eventy's exact JSON encoding.
 */
export function checkEditedValue(text: string, original: { kind: RecordKind; record?: EventyRecord | undefined }): EditedValueCheck {
  const decoded = decodeEventyValue(Buffer.from(text, 'utf8'));
  if (decoded.kind === 'undecodable') return { ok: false, reasons: [decoded.reason] };
  const reasons: string[] = [];
  if (decoded.format !== 'json') reasons.push('the edited value must be JSON');
  if (decoded.legacy) reasons.push('a protocol 2.x record ("schema" field) is rejected by eventy 3.x');
  if (original.kind !== 'undecodable' && decoded.kind !== original.kind) reasons.push(`the dead letter is of kind ${original.kind}, the edited value of kind ${decoded.kind}`);
  reasons.push(...decoded.warnings.filter((w) => w.includes('eventy would reject')));
  if (reasons.length > 0) return { ok: false, reasons };
  let bytes: Buffer;
  try {
    bytes = encodeEventyJson(decoded.record);
  } catch (error) {
    return { ok: false, reasons: [error instanceof Error ? error.message : String(error)] };
  }
  const changes: ValueChange[] = [];
  diffValues(original.record ?? null, decoded.record, '', changes);
  return { ok: true, bytes, record: decoded.record, sha256: createHash('sha256').update(bytes).digest('hex'), changes };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Changed leaves between two JSON values (objects and arrays walked), at most `maxChanges`. */
export function diffValues(before: unknown, after: unknown, path: string, out: ValueChange[]): void {
  if (out.length >= maxChanges) return;
  if (isObject(before) && isObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const at = path === '' ? key : `${path}.${key}`;
      if (!Object.hasOwn(before, key)) out.push({ path: at, before: undefined, after: after[key] });
      else if (!Object.hasOwn(after, key)) out.push({ path: at, before: before[key], after: undefined });
      else diffValues(before[key], after[key], at, out);
      if (out.length >= maxChanges) return;
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      if (i >= before.length || i >= after.length) out.push({ path: `${path}[${i}]`, before: before[i], after: after[i] });
      else diffValues(before[i], after[i], `${path}[${i}]`, out);
      if (out.length >= maxChanges) return;
    }
    return;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ path: path || '(value)', before, after });
}

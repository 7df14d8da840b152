/** Broken record values, written now and then so the dashboard's handling of bad data has something to show. */
import { encodeEventyJson } from '../../server/decode';
import type { EventyRecord } from '../../server/decode/contract';
import { between, type Rng } from './random-source';

export const malformedKinds = ['truncated', 'missing-fields', 'nan-in-data'] as const;
export type MalformedKind = (typeof malformedKinds)[number];

export function pickMalformedKind(rng: Rng): MalformedKind {
  const r = rng();
  return r < 0.4 ? 'truncated' : r < 0.7 ? 'missing-fields' : 'nan-in-data';
}

/** `data` is the last key of an eventy JSON record, so the value ends with the data object's `}` and the record's `}`. */
function withNanInData(json: string): string {
  if (json.endsWith('{}}')) return `${json.slice(0, -3)}{"fraud_score": NaN}}`;
  return `${json.slice(0, -2)}, "fraud_score": NaN}}`;
}

/**
 * - truncated: a producer that died mid-write; not JSON at all.
 * - missing-fields: a hand-written record without `source` and `version`; eventy refuses it.
 * - nan-in-data: Python's json.dumps writes float('nan') as a bare NaN; eventy accepts it, JSON.parse does not.
 */
export function malformedValue(record: EventyRecord, kind: MalformedKind, rng: Rng): Buffer {
  const json = encodeEventyJson(record).toString('utf8');
  switch (kind) {
    case 'truncated':
      return Buffer.from(json.slice(0, Math.floor((json.length * between(rng, 20, 90)) / 100)), 'utf8');
    case 'missing-fields':
      return Buffer.from(json.replace(/"version": "[^"]*", "source": "[^"]*", /, ''), 'utf8');
    case 'nan-in-data':
      return Buffer.from(withNanInData(json), 'utf8');
  }
}

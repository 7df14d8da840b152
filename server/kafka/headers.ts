import type { IHeaders } from 'kafkajs';
import type { KafkaHeader } from './contract';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function toHeader(key: string, raw: Buffer | string): KafkaHeader {
  if (typeof raw === 'string') return { key, value: raw, encoding: 'utf8' };
  try {
    return { key, value: strictUtf8.decode(raw), encoding: 'utf8' };
  } catch {
    return { key, value: raw.toString('base64'), encoding: 'base64' };
  }
}

/** kafkajs header map → ordered list; repeated keys stay repeated, binary values become base64. */
export function headersFromKafkajs(headers: IHeaders | undefined): KafkaHeader[] {
  if (!headers) return [];
  const out: KafkaHeader[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) out.push(toHeader(key, one));
  }
  return out;
}

/** A message key as shown everywhere: its UTF-8 text, or `base64:` + base64 when the bytes are not UTF-8. */
export function kafkaKeyText(key: Buffer | null): string | null {
  if (key === null) return null;
  try {
    return strictUtf8.decode(key);
  } catch {
    return `base64:${key.toString('base64')}`;
  }
}

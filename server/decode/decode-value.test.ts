import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { recordKinds, type DecodedValue } from './contract';
import { decodeEventyValue } from './decode-value';
import { encodeEventyJson } from './encode-json';
import { exampleEvent } from './eventy-examples.fixture';
import { avroErrorResponseBase64, avroEventBase64, avroLegacyOddBase64, jsonResponseLine } from './eventy-wire.fixture';

const FIVE_MB = 5 * 1024 * 1024;

function expectWellFormed(decoded: DecodedValue): void {
  expect(recordKinds).toContain(decoded.kind);
  if (decoded.kind === 'undecodable') expect(decoded.reason.length).toBeGreaterThan(0);
  else expect(() => JSON.stringify(decoded)).not.toThrow();
}

describe('decodeEventyValue on values that are no record', () => {
  it.each([
    ['a tombstone', null, 'tombstone (null value)'],
    ['an empty value', Buffer.alloc(0), 'empty value'],
    ['whitespace', Buffer.from(' \n\t'), 'value is only whitespace'],
    ['Confluent framing', Buffer.from([0, 0, 0, 0, 42, 2, 3]), 'looks like Confluent Schema Registry framing (magic byte 0, schema id 42), which eventy never writes'],
    ['plain text', Buffer.from('hello world'), 'neither JSON (no leading "{") nor an Avro container (no "Obj\\x01" magic); first bytes: 68 65 6c 6c 6f 20 77 6f'],
  ])('explains %s', (_, value, reason) => {
    expect(decodeEventyValue(value)).toEqual({ kind: 'undecodable', format: 'unknown', reason });
  });

  it('turns an unexpected exception into an undecodable value', () => {
    const hostile = { get buffer(): ArrayBuffer { throw new Error('boom'); } } as unknown as Uint8Array;
    expect(decodeEventyValue(hostile)).toEqual({ kind: 'undecodable', format: 'unknown', reason: 'internal decoder error: boom' });
  });

  it('accepts a Uint8Array as well as a Buffer', () => {
    expect(decodeEventyValue(new Uint8Array(Buffer.from(jsonResponseLine))).kind).toBe('response');
  });
});

describe('decodeEventyValue on large values', () => {
  it('decodes a valid 5 MB record', () => {
    const text = 'Grüße, 😀 '.repeat(FIVE_MB / 20);
    const items = Array.from({ length: 20_000 }, (_, i) => ({ i, tag: `t${i}`, ratio: i / 7 }));
    const value = encodeEventyJson({ ...exampleEvent, data: { text, items } });
    expect(value.length).toBeGreaterThan(FIVE_MB);
    const decoded = decodeEventyValue(value);
    expect(decoded.kind).toBe('event');
    expect(decoded.kind !== 'undecodable' && decoded.record.data).toEqual({ text, items });
  });

  it.each([
    ['random bytes', () => randomBytes(FIVE_MB)],
    ['an unterminated JSON string', () => Buffer.concat([Buffer.from('{"data": "'), Buffer.alloc(FIVE_MB, 'a')])],
    ['deeply nested JSON', () => Buffer.concat([Buffer.from('{"a": '), Buffer.alloc(FIVE_MB, '[')])],
    ['JSON with garbage after 5 MB', () => Buffer.concat([Buffer.from('{"a": "'), Buffer.alloc(FIVE_MB, 'b'), Buffer.from('"} trailing')])],
    ['an Avro magic followed by garbage', () => Buffer.concat([Buffer.from('Obj\x01'), randomBytes(FIVE_MB)])],
  ])('refuses 5 MB of %s quickly', (_, build) => {
    const value = build();
    const decoded = decodeEventyValue(value);
    expect(decoded.kind).toBe('undecodable');
    // "quickly" is the test timeout, not a timing assertion (a loaded CI box is slow); speed is benchmarked
  }, 15_000);
});

describe('decodeEventyValue never throws', () => {
  const prefixes = ['', '{', '{"type": "EVENT", ', '[', 'Obj\x01', '\ufeff{'].map((p) => Buffer.from(p, p.startsWith('Obj') ? 'latin1' : 'utf8'));

  it('on 2,000 random buffers, some starting like JSON or Avro', () => {
    for (let i = 0; i < 2000; i += 1) {
      const prefix = prefixes[i % prefixes.length]!;
      expectWellFormed(decodeEventyValue(Buffer.concat([prefix, randomBytes(i % 300)])));
    }
  });

  it('on Avro values written by eventy with random bytes flipped', () => {
    for (const base64 of [avroEventBase64, avroErrorResponseBase64, avroLegacyOddBase64]) {
      const original = Buffer.from(base64, 'base64');
      for (let i = 0; i < 400; i += 1) {
        const value = Buffer.from(original);
        for (let flips = 0; flips < 1 + (i % 4); flips += 1) value[Math.floor(Math.random() * value.length)] = Math.floor(Math.random() * 256);
        expectWellFormed(decodeEventyValue(value));
      }
    }
  });

  it('on JSON records with random characters changed', () => {
    const alphabet = '{}[]":,\\ NaInfity-0123456789eE.tfu';
    for (let i = 0; i < 1000; i += 1) {
      const chars = [...jsonResponseLine];
      chars[Math.floor(Math.random() * chars.length)] = alphabet[i % alphabet.length]!;
      expectWellFormed(decodeEventyValue(Buffer.from(chars.join(''))));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { decodeHeaderNumber, headerBytes } from './header-number';

function int32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeInt32BE(value);
  return bytes;
}

function int64(value: bigint): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64BE(value);
  return bytes;
}

describe('decodeHeaderNumber', () => {
  it('reads big-endian ints and longs as Spring Kafka writes them', () => {
    expect(decodeHeaderNumber(int32(0))).toBe(0);
    expect(decodeHeaderNumber(int32(7))).toBe(7);
    expect(decodeHeaderNumber(int32(2_000_000))).toBe(2_000_000);
    expect(decodeHeaderNumber(int64(0n))).toBe(0);
    expect(decodeHeaderNumber(int64(123_456_789_012n))).toBe(123_456_789_012);
    expect(decodeHeaderNumber(int64(1_700_000_000_123n))).toBe(1_700_000_000_123);
  });

  it('reads decimal text as Kafka Connect and Eventy Lens write it, even of 4 or 8 digits', () => {
    expect(decodeHeaderNumber(Buffer.from('3'))).toBe(3);
    expect(decodeHeaderNumber(Buffer.from('1234'))).toBe(1234);
    expect(decodeHeaderNumber(Buffer.from('12345678'))).toBe(12_345_678);
    expect(decodeHeaderNumber(Buffer.from('1700000000123'))).toBe(1_700_000_000_123);
  });

  it('gives null for other bytes and for numbers beyond the safe range', () => {
    expect(decodeHeaderNumber(Buffer.from('abc'))).toBeNull();
    expect(decodeHeaderNumber(Buffer.alloc(0))).toBeNull();
    expect(decodeHeaderNumber(Buffer.from([1, 2, 3]))).toBeNull();
    expect(decodeHeaderNumber(int64(2n ** 62n))).toBeNull();
    expect(decodeHeaderNumber(Buffer.from('99999999999999999999'))).toBeNull();
    expect(decodeHeaderNumber(int32(7), 'text')).toBeNull();
    expect(decodeHeaderNumber(Buffer.from('7'), 'text')).toBe(7);
  });
});

describe('headerBytes', () => {
  it('gives back the bytes of a header stored as text, zero bytes included, or as base64', () => {
    expect(headerBytes({ key: 'p', value: '\u0000\u0000\u0000\u0000', encoding: 'utf8' })).toEqual(int32(0));
    expect(headerBytes({ key: 'o', value: int64(300n).toString('base64'), encoding: 'base64' })).toEqual(int64(300n));
  });
});

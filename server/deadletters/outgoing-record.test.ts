import { describe, expect, it } from 'vitest';
import { carriedHeaders, choosePartition, keyBytes } from './outgoing-record';

describe('outgoing record', () => {
  it('reads a stored key back to its bytes', () => {
    expect(keyBytes(null)).toBeNull();
    expect(keyBytes('order-1')).toEqual(Buffer.from('order-1'));
    expect(keyBytes('base64:/wA=')).toEqual(Buffer.from([0xff, 0x00]));
  });

  it('drops dead-letter and earlier eventy-lens headers, keeps the others with their bytes and repeats', () => {
    const headers = carriedHeaders(
      [
        { key: 'traceparent', value: '00-abc-01', encoding: 'utf8' },
        { key: 'kafka_dlt-exception-message', value: 'boom', encoding: 'utf8' },
        { key: '__connect.errors.topic', value: 'orders', encoding: 'utf8' },
        { key: 'eventy-lens-requeue-count', value: '1', encoding: 'utf8' },
        { key: 'bin', value: '/w==', encoding: 'base64' },
        { key: 'bin', value: 'two', encoding: 'utf8' },
      ],
      [['eventy-lens-requeue-count', '2']],
    );
    expect(headers.map((h) => [h.key, h.value.toString('hex')])).toEqual([
      ['traceparent', Buffer.from('00-abc-01').toString('hex')],
      ['bin', 'ff'],
      ['bin', Buffer.from('two').toString('hex')],
      ['eventy-lens-requeue-count', Buffer.from('2').toString('hex')],
    ]);
  });

  it('sends back to the original partition, else partitions the key as librdkafka consistent_random does', () => {
    const base = { targetTopic: 'orders-events', originalTopic: 'orders-events', originalPartition: 2, partitionCount: 3, key: Buffer.from('order-1042') };
    expect(choosePartition(base)).toBe(2);
    const other = choosePartition({ ...base, targetTopic: 'orders-replay' });
    expect(other).toBe(zlibCrc('order-1042') % 3);
    expect(choosePartition({ ...base, originalPartition: 7 })).toBe(zlibCrc('order-1042') % 3);
    expect(choosePartition({ ...base, targetTopic: 'x', key: null, random: () => 0.99 })).toBe(2);
    expect(choosePartition({ ...base, targetTopic: 'x', key: Buffer.alloc(0), random: () => 0 })).toBe(0);
  });
});

/** Bitwise CRC-32 (IEEE), independent of node:zlib, to check the partitioner against. */
function zlibCrc(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text)) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

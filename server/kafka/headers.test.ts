import { describe, expect, it } from 'vitest';
import { headersFromKafkajs, kafkaKeyText } from './headers';

describe('headersFromKafkajs', () => {
  it('keeps repeated keys in order and marks binary values as base64', () => {
    const headers = headersFromKafkajs({
      traceparent: Buffer.from('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'),
      retry: [Buffer.from('1'), '2'],
      blob: Buffer.from([0xff, 0xfe]),
      missing: undefined,
    });
    expect(headers).toEqual([
      { key: 'traceparent', value: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', encoding: 'utf8' },
      { key: 'retry', value: '1', encoding: 'utf8' },
      { key: 'retry', value: '2', encoding: 'utf8' },
      { key: 'blob', value: '//4=', encoding: 'base64' },
    ]);
  });

  it('returns an empty list when there are no headers', () => {
    expect(headersFromKafkajs(undefined)).toEqual([]);
  });
});

describe('kafkaKeyText', () => {
  it('shows UTF-8 keys as text and other bytes as base64', () => {
    expect(kafkaKeyText(null)).toBeNull();
    expect(kafkaKeyText(Buffer.from('order-1042'))).toBe('order-1042');
    expect(kafkaKeyText(Buffer.from([0xc3, 0x28]))).toBe('base64:wyg=');
  });
});

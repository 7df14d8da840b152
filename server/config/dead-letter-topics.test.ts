import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from './load-config';

describe('dead-letter topic settings', () => {
  it.each(['orders.dlq', 'orders-dlq', 'orders_dlq', 'orders.DLT', 'orders-dlt', 'orders.DLQ', 'dead-letters', 'dead-letters.orders', 'deadletter', 'dlq.orders', 'dlq'])(
    'counts %s as a dead-letter topic by default',
    (topic) => {
      expect(loadConfig({}).deadLetters.pattern.test(topic)).toBe(true);
    },
  );

  it.each(['orders-events', 'dlqueue', 'orders-dlqs', 'my-dlq-stats', 'headless', 'orders.retry-0'])('does not count %s by default', (topic) => {
    expect(loadConfig({}).deadLetters.pattern.test(topic)).toBe(false);
  });

  it('reads LENS_DLQ_TOPICS as a regular expression and LENS_DLQ_ORIGINAL_TOPICS as pairs', () => {
    const config = loadConfig({ LENS_DLQ_TOPICS: '^failed-', LENS_DLQ_ORIGINAL_TOPICS: 'failed-1=orders-events, failed-2 = billing-requests,' });
    expect(config.deadLetters.pattern.test('failed-1')).toBe(true);
    expect(config.deadLetters.pattern.test('orders.dlq')).toBe(false);
    expect(config.deadLetters.originalTopics).toEqual({ 'failed-1': 'orders-events', 'failed-2': 'billing-requests' });
  });

  it('keeps a topic named __proto__ as a plain entry', () => {
    const map = loadConfig({ LENS_DLQ_ORIGINAL_TOPICS: '__proto__=orders' }).deadLetters.originalTopics;
    expect(Object.hasOwn(map, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(map)).toBe(Object.prototype);
  });

  it.each([
    ['LENS_DLQ_TOPICS', '(unclosed'],
    ['LENS_DLQ_ORIGINAL_TOPICS', 'no-equals'],
    ['LENS_DLQ_ORIGINAL_TOPICS', 'a=b=c'],
    ['LENS_DLQ_ORIGINAL_TOPICS', 'a=bad topic'],
  ])('names the variable when %s=%s is invalid', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('prints the pattern as its source', () => {
    expect((JSON.parse(describeConfig(loadConfig({ LENS_DLQ_TOPICS: '^failed-' }))) as { deadLetters: unknown }).deadLetters).toEqual({ pattern: '^failed-', originalTopics: {}, parkTopicSuffix: '.dlq' });
  });
});

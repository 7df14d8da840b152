import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({});
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.collector.groupId).toBe('eventy-lens');
    expect(config.collector.topics.test('orders-events')).toBe(true);
    expect(config.collector.topics.test('__consumer_offsets')).toBe(false);
    expect(config.store.dataDir.endsWith('/data')).toBe(true);
    expect(config.lag).toEqual({ sampleMs: 15_000, stuckMs: 300_000, retentionDays: 7 });
  });

  it('reads the lag sampling settings', () => {
    const config = loadConfig({ LENS_LAG_SAMPLE_MS: '500', LENS_LAG_STUCK_MS: '2000', LENS_LAG_RETENTION_DAYS: '0.5' });
    expect(config.lag).toEqual({ sampleMs: 500, stuckMs: 2000, retentionDays: 0.5 });
  });

  it('parses broker lists and booleans', () => {
    const config = loadConfig({ LENS_KAFKA_BROKERS: 'a:1, b:2', LENS_COLLECTOR: 'off', LENS_TOPICS: '^orders-' });
    expect(config.kafka.brokers).toEqual(['a:1', 'b:2']);
    expect(config.collector.enabled).toBe(false);
    expect(config.collector.topics.test('billing-events')).toBe(false);
  });

  it.each([
    ['LENS_KAFKA_BROKERS', 'no-port'],
    ['LENS_TOPICS', '(unclosed'],
    ['LENS_COLLECTOR', 'maybe'],
    ['LENS_TOPIC_REFRESH_MS', '5'],
    ['LENS_LAG_SAMPLE_MS', 'often'],
    ['LENS_LAG_STUCK_MS', '-1'],
    ['LENS_LAG_RETENTION_DAYS', '0'],
    ['LENS_KAFKA_SASL_MECHANISM', 'plain'],
  ])('names the variable when %s=%s is invalid', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('redacts the SASL password when described', () => {
    const config = loadConfig({
      LENS_KAFKA_SASL_MECHANISM: 'plain',
      LENS_KAFKA_SASL_USERNAME: 'lens',
      LENS_KAFKA_SASL_PASSWORD: 'hunter2',
    });
    expect(config.kafka.sasl?.password).toBe('hunter2');
    expect(describeConfig(config)).not.toContain('hunter2');
    expect(describeConfig(config)).toContain('[redacted]');
  });

  it('exports spans only when an OTLP endpoint is set, deriving the traces URL as the SDK does', () => {
    expect(loadConfig({}).otel).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).otel).toEqual({
      tracesUrl: 'http://collector:4318/v1/traces',
      headers: {},
      settleMs: 5000,
    });
    const specific = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://b/otlp/traces' });
    expect(specific.otel?.tracesUrl).toBe('https://b/otlp/traces');
  });

  it('parses OTLP headers, URL-decoded, and never prints their values', () => {
    const config = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer%20s3cret, x-tenant=lens',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-tenant=traces',
    });
    expect(config.otel?.headers).toEqual({ Authorization: 'Bearer s3cret', 'x-tenant': 'traces' });
    expect(describeConfig(config)).not.toContain('s3cret');
    expect(describeConfig(config)).toContain('"Authorization":"[redacted]"');
  });

  it.each([
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'collector:4318'],
    ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'ftp://collector'],
    ['OTEL_EXPORTER_OTLP_HEADERS', 'no-equals-s3cret'],
    ['LENS_OTEL_SETTLE_MS', '10'],
  ])('names the variable when %s=%s is invalid, without quoting it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
    expect(() => loadConfig({ [name]: value })).not.toThrow('s3cret');
  });

  it('reads the PostgreSQL URL and retention, and keeps the database password out of the description', () => {
    const config = loadConfig({
      LENS_DATABASE_URL: 'postgres://lens:pa55word@db.internal:5432/lens?sslpassword=k3y&application_name=x',
      LENS_RETENTION_DAYS: '30',
      LENS_RETENTION_MAX_BYTES: '20GiB',
    });
    expect(config.store).toMatchObject({ databaseUrl: 'postgres://lens:pa55word@db.internal:5432/lens?sslpassword=k3y&application_name=x', retention: { maxAgeDays: 30, maxBytes: 20 * 2 ** 30, intervalMs: 600_000 } });
    const described = describeConfig(config);
    expect(described).not.toContain('pa55word');
    expect(described).not.toContain('k3y');
    expect(described).toContain('db.internal');
    expect(loadConfig({}).store).toMatchObject({ databaseUrl: undefined, retention: { maxAgeDays: 7, maxBytes: null } });
    expect(loadConfig({ LENS_RETENTION_DAYS: 'none', LENS_RETENTION_MAX_BYTES: '500MB' }).store.retention).toMatchObject({ maxAgeDays: null, maxBytes: 500_000_000 });
    expect(() => loadConfig({ LENS_DATABASE_URL: 'mysql://x/y' })).toThrow(/LENS_DATABASE_URL: expected a postgres:\/\/ URL/);
    expect(() => loadConfig({ LENS_RETENTION_MAX_BYTES: 'lots' })).toThrow(/LENS_RETENTION_MAX_BYTES/);
  });
});

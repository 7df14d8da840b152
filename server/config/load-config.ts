import path from 'node:path';
import { envSchema, type LensConfig } from './contract';

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
}

/** Validates the environment; a bad value fails with a message naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): LensConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('LENS_') && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new ConfigError(`Invalid Eventy Lens configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    kafka: {
      brokers: e.LENS_KAFKA_BROKERS,
      clientId: e.LENS_KAFKA_CLIENT_ID,
      ssl: e.LENS_KAFKA_SSL,
      sslCaFile: e.LENS_KAFKA_SSL_CA_FILE,
      sasl:
        e.LENS_KAFKA_SASL_MECHANISM && e.LENS_KAFKA_SASL_USERNAME && e.LENS_KAFKA_SASL_PASSWORD
          ? { mechanism: e.LENS_KAFKA_SASL_MECHANISM, username: e.LENS_KAFKA_SASL_USERNAME, password: e.LENS_KAFKA_SASL_PASSWORD }
          : undefined,
    },
    collector: {
      enabled: e.LENS_COLLECTOR,
      topics: e.LENS_TOPICS,
      groupId: e.LENS_GROUP_ID,
      topicRefreshMs: e.LENS_TOPIC_REFRESH_MS,
    },
    store: { dataDir: path.resolve(e.LENS_DATA_DIR) },
    lag: { sampleMs: e.LENS_LAG_SAMPLE_MS, stuckMs: e.LENS_LAG_STUCK_MS, retentionDays: e.LENS_LAG_RETENTION_DAYS },
  };
}

/** The configuration as text for logs, with secrets redacted. */
export function describeConfig(config: LensConfig): string {
  const redacted = {
    ...config,
    kafka: { ...config.kafka, sasl: config.kafka.sasl && { ...config.kafka.sasl, password: '[redacted]' } },
    collector: { ...config.collector, topics: config.collector.topics.source },
  };
  return JSON.stringify(redacted);
}

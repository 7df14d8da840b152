import path from 'node:path';
import { envSchema, otelEnvNames, type LensConfig, type LensEnv } from './contract';

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
}

/** Validates the environment; a bad value fails with a message naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): LensConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([k, v]) => (k.startsWith('LENS_') || otelEnvNames.includes(k)) && v !== ''));
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
      concurrency: e.LENS_INGEST_CONCURRENCY,
    },
    store: {
      dataDir: path.resolve(e.LENS_DATA_DIR),
      databaseUrl: e.LENS_DATABASE_URL,
      retention: {
        maxAgeDays: e.LENS_RETENTION_DAYS === 'none' ? null : e.LENS_RETENTION_DAYS,
        maxBytes: e.LENS_RETENTION_MAX_BYTES ?? null,
        intervalMs: e.LENS_RETENTION_INTERVAL_MS,
      },
    },
    lag: { sampleMs: e.LENS_LAG_SAMPLE_MS, stuckMs: e.LENS_LAG_STUCK_MS, retentionDays: e.LENS_LAG_RETENTION_DAYS },
    deadLetters: { pattern: e.LENS_DLQ_TOPICS, originalTopics: e.LENS_DLQ_ORIGINAL_TOPICS, parkTopicSuffix: e.LENS_PARK_TOPIC_SUFFIX },
    requeue: { maxAttempts: e.LENS_REQUEUE_MAX_ATTEMPTS, replayRate: Math.min(e.LENS_REPLAY_RATE, e.LENS_REPLAY_MAX_RATE), replayMaxRate: e.LENS_REPLAY_MAX_RATE },
    otel: otelConfig(e),
    auth: {
      host: e.LENS_HOST,
      usersFile: e.LENS_AUTH_USERS_FILE && path.resolve(e.LENS_AUTH_USERS_FILE),
      tokensFile: e.LENS_API_TOKENS_FILE && path.resolve(e.LENS_API_TOKENS_FILE),
      sessionSecret: e.LENS_SESSION_SECRET,
      trustProxy: e.LENS_TRUST_PROXY,
    },
  };
}

/** The traces URL as the OpenTelemetry SDK derives it: the signal's own endpoint as is, else `<endpoint>/v1/traces`. */
function otelConfig(e: LensEnv): LensConfig['otel'] {
  const generic = e.OTEL_EXPORTER_OTLP_ENDPOINT;
  const tracesUrl = e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (generic && `${generic.replace(/\/+$/, '')}/v1/traces`);
  if (tracesUrl === undefined) return undefined;
  return { tracesUrl, headers: { ...e.OTEL_EXPORTER_OTLP_HEADERS, ...e.OTEL_EXPORTER_OTLP_TRACES_HEADERS }, settleMs: e.LENS_OTEL_SETTLE_MS };
}

function redactedUrl(text: string): string {
  const url = new URL(text);
  if (url.username !== '' || url.password !== '') [url.username, url.password] = ['redacted', 'redacted'];
  return url.toString();
}

/** A database URL without its password, in the authority or in a `password` parameter. */
function redactedDatabaseUrl(text: string): string {
  const url = new URL(text);
  if (url.password !== '') url.password = 'redacted';
  for (const name of [...url.searchParams.keys()]) {
    if (/pass|secret|key/i.test(name)) url.searchParams.set(name, 'redacted');
  }
  return url.toString();
}

/** The configuration as text for logs, with secrets redacted. */
export function describeConfig(config: LensConfig): string {
  const redacted = {
    ...config,
    deadLetters: { ...config.deadLetters, pattern: config.deadLetters.pattern.source },
    kafka: { ...config.kafka, sasl: config.kafka.sasl && { ...config.kafka.sasl, password: '[redacted]' } },
    collector: { ...config.collector, topics: config.collector.topics.source },
    store: { ...config.store, databaseUrl: config.store.databaseUrl && redactedDatabaseUrl(config.store.databaseUrl) },
    auth: { ...config.auth, sessionSecret: config.auth.sessionSecret && '[redacted]' },
    otel: config.otel && {
      ...config.otel,
      tracesUrl: redactedUrl(config.otel.tracesUrl),
      headers: Object.fromEntries(Object.keys(config.otel.headers).map((name) => [name, '[redacted]'])),
    },
  };
  return JSON.stringify(redacted);
}

import { z } from 'zod';
import type { DeadLetterTopicsConfig } from '../deadletters/contract';

const boolFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const regexFromEnv = z.string().transform((source, ctx) => {
  try {
    return new RegExp(source);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(error as Error).message}` });
    return z.NEVER;
  }
});

/** Names teams give dead-letter topics: `orders.dlq`, `orders-DLT`, `orders_dlq`, `dead-letters…`, `dlq.orders`. */
export const defaultDeadLetterTopics = /[._-](?:dlq|dlt)$|^(?:dead-?letters?|dlq|dlt)(?:[._-]|$)/i;

const topicName = /^[A-Za-z0-9._-]{1,249}$/;

// `dlqTopic=originalTopic,…`
const topicMap = z.string().transform((text, ctx) => {
  const entries: [string, string][] = [];
  for (const pair of text.split(',')) {
    if (pair.trim() === '') continue;
    const [from = '', to = '', ...rest] = pair.split('=').map((part) => part.trim());
    if (rest.length > 0 || !topicName.test(from) || !topicName.test(to)) {
      ctx.addIssue({ code: 'custom', message: `expected comma-separated dlqTopic=originalTopic pairs of topic names, got "${pair.trim().slice(0, 100)}"` });
      return z.NEVER;
    }
    entries.push([from, to]);
  }
  return Object.fromEntries(entries);
});

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

// W3C-baggage-like `key=value,key2=value2`, values URL-encoded; issues never quote the values (secrets)
const otlpHeaders = z.string().transform((text, ctx) => {
  const headers: Record<string, string> = {};
  for (const pair of text.split(',')) {
    if (pair.trim() === '') continue;
    const at = pair.indexOf('=');
    const key = at > 0 ? pair.slice(0, at).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) {
      ctx.addIssue({ code: 'custom', message: 'expected comma-separated key=value pairs with valid header names' });
      return z.NEVER;
    }
    try {
      headers[key] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      ctx.addIssue({ code: 'custom', message: `the value of header ${key} is not valid URL encoding` });
      return z.NEVER;
    }
  }
  return headers;
});

/** `500000000`, `500MB`, `20GB`, `1.5TB` (powers of 1000; KiB/MiB/GiB/TiB for powers of 1024) */
const byteSize = z.string().transform((text, ctx) => {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)?\s*$/i.exec(text);
  if (match === null) {
    ctx.addIssue({ code: 'custom', message: 'expected a size such as 500000000, 500MB or 20GiB' });
    return z.NEVER;
  }
  const unit = (match[2] ?? 'b').toLowerCase();
  const powers: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };
  return Math.round(Number(match[1]) * (powers[unit] ?? 1));
});

const brokerList = z
  .string()
  .transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port')).min(1, 'at least one broker'));

/** Environment variables read by Eventy Lens, with their defaults. */
export const envSchema = z
  .object({
    LENS_KAFKA_BROKERS: brokerList.default(['127.0.0.1:9092']),
    LENS_KAFKA_CLIENT_ID: z.string().min(1).default('eventy-lens'),
    LENS_TOPICS: regexFromEnv.default(/^(?!__)/),
    LENS_GROUP_ID: z.string().min(1).default('eventy-lens'),
    LENS_DATA_DIR: z.string().min(1).default('./data'),
    LENS_DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres:// URL (postgres://user:password@host:5432/database)' })
      .optional(),
    LENS_RETENTION_DAYS: z.union([z.literal('none'), z.coerce.number().positive().max(36_500)]).default(7),
    LENS_RETENTION_MAX_BYTES: byteSize.optional(),
    LENS_RETENTION_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(600_000),
    LENS_COLLECTOR: boolFromEnv.default(true),
    LENS_TOPIC_REFRESH_MS: z.coerce.number().int().min(1000).max(300_000).default(10_000),
    LENS_INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(32).optional(),
    LENS_LAG_SAMPLE_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
    LENS_LAG_STUCK_MS: z.coerce.number().int().min(100).max(7 * 86_400_000).default(300_000),
    LENS_LAG_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(7),
    LENS_DLQ_TOPICS: regexFromEnv.default(defaultDeadLetterTopics),
    LENS_DLQ_ORIGINAL_TOPICS: topicMap.default({}),
    LENS_PARK_TOPIC_SUFFIX: z.string().regex(/^[A-Za-z0-9._-]{1,40}$/, 'expected a topic-name suffix such as .dlq').default('.dlq'),
    LENS_REQUEUE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(5),
    LENS_REPLAY_RATE: z.coerce.number().int().min(1).max(1_000_000).default(1000),
    LENS_REPLAY_MAX_RATE: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
    LENS_KAFKA_SSL: boolFromEnv.default(false),
    LENS_KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
    LENS_KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
    LENS_KAFKA_SASL_USERNAME: z.string().min(1).optional(),
    LENS_KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
    OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl.optional(),
    OTEL_EXPORTER_OTLP_HEADERS: otlpHeaders.optional(),
    OTEL_EXPORTER_OTLP_TRACES_HEADERS: otlpHeaders.optional(),
    LENS_OTEL_SETTLE_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
    LENS_HOST: z.string().min(1).default('127.0.0.1'),
    LENS_AUTH_USERS_FILE: z.string().min(1).optional(),
    LENS_API_TOKENS_FILE: z.string().min(1).optional(),
    LENS_SESSION_SECRET: z.string().min(32, 'at least 32 characters').optional(),
    LENS_TRUST_PROXY: boolFromEnv.default(false),
  })
  .superRefine((env, ctx) => {
    const sasl = [env.LENS_KAFKA_SASL_MECHANISM, env.LENS_KAFKA_SASL_USERNAME, env.LENS_KAFKA_SASL_PASSWORD];
    if (sasl.some(Boolean) && !sasl.every(Boolean)) {
      ctx.addIssue({
        code: 'custom',
        path: ['LENS_KAFKA_SASL_MECHANISM'],
        message: 'SASL needs LENS_KAFKA_SASL_MECHANISM, LENS_KAFKA_SASL_USERNAME and LENS_KAFKA_SASL_PASSWORD together',
      });
    }
    if (!isLoopbackHost(env.LENS_HOST) && !env.LENS_AUTH_USERS_FILE && !env.LENS_API_TOKENS_FILE) {
      ctx.addIssue({
        code: 'custom',
        path: ['LENS_HOST'],
        message: `listening on ${env.LENS_HOST} (not loopback) needs authentication: set LENS_AUTH_USERS_FILE and/or LENS_API_TOKENS_FILE, or LENS_HOST=127.0.0.1`,
      });
    }
  });

/** A loopback host name or address (`localhost`, 127.0.0.0/8, ::1), optionally bracketed; no port. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return bare === 'localhost' || bare.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(bare) || bare === '::1' || bare === '0:0:0:0:0:0:0:1';
}

export type LensEnv = z.infer<typeof envSchema>;

export interface LensConfig {
  kafka: {
    brokers: string[];
    clientId: string;
    ssl: boolean;
    sslCaFile: string | undefined;
    sasl: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string } | undefined;
  };
  /** concurrency: partition batches stored at once (undefined: what the store gains from, 1 for SQLite, 4 for PostgreSQL) */
  collector: { enabled: boolean; topics: RegExp; groupId: string; topicRefreshMs: number; concurrency: number | undefined };
  /**
   * SQLite files in `dataDir`, or the shared PostgreSQL database at `databaseUrl`; retention every `intervalMs`:
   * days older than `maxAgeDays` and the oldest days beyond `maxBytes` go (null: no limit)
   */
  store: { dataDir: string; databaseUrl: string | undefined; retention: { maxAgeDays: number | null; maxBytes: number | null; intervalMs: number } };
  /** consumer-lag sampling: every `sampleMs`; a partition is stuck after `stuckMs` without progress; history kept `retentionDays` */
  lag: { sampleMs: number; stuckMs: number; retentionDays: number };
  /** which topics hold dead letters (LENS_DLQ_TOPICS) and their original topics (LENS_DLQ_ORIGINAL_TOPICS) */
  deadLetters: DeadLetterTopicsConfig;
  /** a record requeued `maxAttempts` times is not requeued again; replays send `replayRate` records/s unless asked, at most `replayMaxRate` */
  requeue: { maxAttempts: number; replayRate: number; replayMaxRate: number };
  /** span export over OTLP/HTTP; undefined when no OTLP endpoint is set */
  otel: { tracesUrl: string; headers: Record<string, string>; settleMs: number } | undefined;
  /** who may use the dashboard; local mode when `host` is loopback and neither file is set */
  auth: {
    host: string;
    usersFile: string | undefined;
    tokensFile: string | undefined;
    /** undefined: a random secret kept in `<dataDir>/session-secret` */
    sessionSecret: string | undefined;
    /** take the client address from X-Forwarded-For (behind a reverse proxy) */
    trustProxy: boolean;
  };
}

/** The standard OpenTelemetry variables Lens reads besides its own LENS_* ones. */
export const otelEnvNames = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_TRACES_HEADERS'];

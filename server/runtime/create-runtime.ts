import { openSqliteAuditLog, type AuditLog } from '../audit';
import { openPostgresAuditLog } from '../audit/postgres-audit-log';
import { describeConfig, type LensConfig } from '../config';
import { createDeadLetterActions, type DeadLetterActions } from '../deadletters/dead-letter-actions';
import { openParkService, type ParkService } from '../deadletters/park';
import { createCollector, type Collector } from '../ingest';
import { createKafkaAccess, type KafkaAccess } from '../kafka';
import { createLagSampler, openLagHistoryStore, type LagSampler } from '../lag';
import { openPostgresLagHistoryStore } from '../lag/postgres-history-store';
import { createSpanExport, type SpanExport } from '../otel/span-exporter';
import { createPostgresRecordFeed, createRetentionScheduler, openRecordStore, type RetentionScheduler } from '../store';
import { collectProtectedRecordIds } from '../store/protected-records';
import type { RecordStore } from '../store/contract';
import { createLogger } from '../telemetry/logger';

const log = createLogger('runtime');

/** Everything long-lived in one object: one store handle, one Kafka access, one collector. */
export interface LensRuntime {
  config: LensConfig;
  kafka: KafkaAccess;
  store: RecordStore;
  /** `sqlite` (a file in the data dir) or `postgres` (shared by every instance) */
  storeEngine: 'sqlite' | 'postgres';
  collector: Collector;
  /**
   * Records as they are stored, for the live tail: this process's collector with SQLite; with PostgreSQL,
   * what any instance stored (LISTEN/NOTIFY), so the tail works whichever instance the browser talks to.
   */
  recordFeed: Pick<Collector, 'onRecords' | 'status'> & { close(): Promise<void> };
  /** deletes old records in the background (LENS_RETENTION_*); started by instrumentation/node.ts */
  retention: RetentionScheduler;
  /** created here, started by whoever serves the UI (instrumentation/node.ts) */
  lagSampler: LagSampler;
  /** exports stored records as OpenTelemetry spans; null unless an OTLP endpoint is configured */
  spanExport: SpanExport | null;
  /** append-only log of operator actions and sign-ins (`audit.sqlite` in the data directory, or the shared PostgreSQL database) */
  audit: AuditLog;
  /** requeue and replay: the durable requeue log (`requeue-log.sqlite`), jobs, and each dead letter's requeue status */
  deadLetters: DeadLetterActions;
  /** parking poison records of stuck partitions on `<topic>.dlq` (`parks.sqlite`), undoable */
  parks: ParkService;
  startedAt: Date;
}

export function createLensRuntime(config: LensConfig): LensRuntime {
  log.info('configuration', { config: JSON.parse(describeConfig(config)) as unknown });
  const kafka = createKafkaAccess(config.kafka);
  const store = openRecordStore({ dataDir: config.store.dataDir, databaseUrl: config.store.databaseUrl, deadLetters: config.deadLetters });
  const collector = createCollector({
    kafka,
    store,
    groupId: config.collector.groupId,
    topicPattern: config.collector.topics,
    topicRefreshMs: config.collector.topicRefreshMs,
    concurrency: config.collector.concurrency,
    enabled: config.collector.enabled,
  });
  // one lag history for every instance when the records are shared (one of them writes it); a file of this instance otherwise
  const history = config.store.databaseUrl === undefined ? openLagHistoryStore(config.store.dataDir) : openPostgresLagHistoryStore({ url: config.store.databaseUrl });
  const lagSampler = createLagSampler({ kafka, store, history, ...config.lag });
  const spanExport = config.otel ? createSpanExport({ config: config.otel, traces: { store, kafka, collectorGroupId: config.collector.groupId } }) : null;
  if (spanExport) collector.onRecords((records) => spanExport.offer(records));
  // shared by every instance when the records are (LENS_DATABASE_URL); a file of this instance otherwise
  const audit = config.store.databaseUrl === undefined ? openSqliteAuditLog(config.store.dataDir) : openPostgresAuditLog({ url: config.store.databaseUrl });
  const deadLetters = createDeadLetterActions({ dataDir: config.store.dataDir, databaseUrl: config.store.databaseUrl, kafka, store, deadLetters: config.deadLetters, requeue: config.requeue });
  const parks = openParkService({ dataDir: config.store.dataDir, databaseUrl: config.store.databaseUrl, kafka, lagSampler, topicSuffix: config.deadLetters.parkTopicSuffix ?? '.dlq' });
  const feed = config.store.databaseUrl === undefined ? null : createPostgresRecordFeed({ url: config.store.databaseUrl });
  const recordFeed: LensRuntime['recordFeed'] = {
    onRecords: (listener) => (feed === null ? collector.onRecords(listener) : feed.onRecords(listener)),
    status: () => collector.status(),
    close: async () => feed?.close(),
  };
  const retention = createRetentionScheduler({
    store,
    settings: config.store.retention,
    protectedIds: () => collectProtectedRecordIds({ store, requeue: deadLetters, audit }),
  });
  const storeEngine: LensRuntime['storeEngine'] = config.store.databaseUrl === undefined ? 'sqlite' : 'postgres';
  return { config, kafka, store, storeEngine, collector, recordFeed, retention, lagSampler, spanExport, audit, deadLetters, parks, startedAt: new Date() };
}

export async function closeLensRuntime(runtime: LensRuntime): Promise<void> {
  await runtime.collector.stop();
  await runtime.retention.stop();
  // before the store closes: the last correlations are read back from it
  await runtime.spanExport?.shutdown();
  // closes the lag history too (and lets go of the writer lock of a shared one)
  await runtime.lagSampler.stop();
  // before the store closes: a running job reads dead letters from it
  await runtime.deadLetters.close();
  await runtime.parks.close();
  await runtime.recordFeed.close();
  await runtime.store.close();
  await runtime.audit.close();
}

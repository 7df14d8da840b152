import { answerWithin, type KafkaAccess } from '../kafka';
import { withSharedAdmin } from '../kafka/shared-admin';
import { linkRecordsIntoTrace, type ServiceConsumption } from '../link';
import type { RecordStore, RecordView } from '../store/contract';
import { createLogger } from '../telemetry/logger';
import type { TraceResult } from './contract';
import { readServiceConsumption } from './read-service-consumption';
import { createRefreshingValue, type RefreshingValue } from './refreshing-value';

const log = createLogger('traces');
const pageSize = 500;

export interface ReadTraceDeps {
  /** with queryDeadLetters, records whose copy sits on a dead-letter topic count as failed hops */
  store: Pick<RecordStore, 'queryRecords'> & Partial<Pick<RecordStore, 'queryDeadLetters'>>;
  kafka: Pick<KafkaAccess, 'connectAdmin'>;
  /** Lens's own collector group: it reads every topic but is no service */
  collectorGroupId: string;
}

export interface ReadTraceOptions {
  maxRecords?: number;
  /** an unreachable broker must not hold the answer for its whole retry schedule */
  consumptionTimeoutMs?: number;
}

/** One correlation's records linked into a causal trace, with consumption read live from the consumer groups. */
export async function readTrace(deps: ReadTraceDeps, correlationId: string, options: ReadTraceOptions = {}): Promise<TraceResult> {
  const consumption = readConsumption(deps, options.consumptionTimeoutMs ?? 5000);
  const { records, truncated } = await readCorrelationRecords(deps.store, correlationId, options.maxRecords ?? 10_000);
  if (records.length === 0) return { found: false, reason: `no stored record has correlation id ${correlationId}` };
  const [known, deadLetters] = await Promise.all([consumption, readDeadLetterReasons(deps.store, correlationId)]);
  const trace = linkRecordsIntoTrace(records, known ?? { topicsByService: {} }, { correlationId, deadLetters });
  return { found: true, trace: { ...trace, truncated, consumptionKnown: known !== null } };
}

/** Dead letters of the correlation (copies of its records on dead-letter topics): dead letter id → why it failed. */
async function readDeadLetterReasons(store: ReadTraceDeps['store'], correlationId: string): Promise<Record<string, string>> {
  const reasons: Record<string, string> = {};
  if (store.queryDeadLetters === undefined) return reasons;
  const { items } = await store.queryDeadLetters({ correlationId, limit: 500 });
  for (const { id, dlqTopic, provenance } of items) {
    const why = [provenance.errorClass, provenance.errorMessage].filter((part) => part !== null).join(': ');
    reasons[id] = `${why || 'no reason given'} (on ${dlqTopic})`;
  }
  return reasons;
}

/** Up to `maxRecords` stored records of one correlation, paged from the store. */
export async function readCorrelationRecords(store: ReadTraceDeps['store'], correlationId: string, maxRecords: number): Promise<{ records: RecordView[]; truncated: boolean }> {
  const records: RecordView[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.queryRecords({ correlationId, limit: Math.min(pageSize, maxRecords - records.length + 1), ...(cursor === undefined ? {} : { cursor }) });
    records.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && records.length <= maxRecords);
  // one record past the cap was asked for, to know whether the cap cut anything
  const truncated = records.length > maxRecords;
  return { records: truncated ? records.slice(0, maxRecords) : records, truncated };
}

/**
 * Which topics each group reads changes rarely, but asking costs one request per group on the cluster
 * (p99 ~100 ms with 120 groups): traces reuse one answer for 10 s, and a stale one for up to 5 min
 * while a background read refreshes it.
 */
const consumptionFreshMs = 10_000;
const consumptionStaleMs = 5 * 60_000;
const consumptionDeadlineMs = 20_000;

/** `work`, or a rejection once `ms` passed without its answer. */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
// on globalThis: the trace page and the trace API are separate bundles, each with its own copy of this module; a cache
// per bundle let the page serve an answer minutes older than the API's (the full e2e run caught it)
const cachesKey = Symbol.for('eventy-lens.consumption-caches');
const consumptionCaches = ((globalThis as { [cachesKey]?: WeakMap<object, Map<string, RefreshingValue<ServiceConsumption>>> })[cachesKey] ??= new WeakMap());

function cachedConsumption(deps: Pick<ReadTraceDeps, 'kafka' | 'collectorGroupId'>): RefreshingValue<ServiceConsumption> {
  let byGroup = consumptionCaches.get(deps.kafka);
  if (byGroup === undefined) consumptionCaches.set(deps.kafka, (byGroup = new Map<string, RefreshingValue<ServiceConsumption>>()));
  let cache = byGroup.get(deps.collectorGroupId);
  if (cache === undefined) {
    // a slot of its own: this read asks for no topic, so a topic deleted under another user of an admin (whose
    // metadata then fails on every refresh, retried for minutes) cannot hold it; and a deadline, so a stuck
    // read ends, retires its connection and lets the next caller read afresh instead of serving a frozen answer
    const read = () => withSharedAdmin(deps.kafka, (admin) => withDeadline(readServiceConsumption(admin, [deps.collectorGroupId]), consumptionDeadlineMs), 'consumption');
    cache = createRefreshingValue(read, {
      freshMs: consumptionFreshMs,
      staleMs: consumptionStaleMs,
      onRefreshError: (error) => log.warn('consumer groups unreadable; linking with the last answer', { error }),
    });
    byGroup.set(deps.collectorGroupId, cache);
  }
  return cache;
}

/** null when the broker did not answer in time. */
export function readConsumption(deps: Pick<ReadTraceDeps, 'kafka' | 'collectorGroupId'>, timeoutMs: number): Promise<ServiceConsumption | null> {
  return answerWithin(cachedConsumption(deps).get(), timeoutMs, (error) => log.warn('consumer groups unreadable; linking without them', { error }));
}

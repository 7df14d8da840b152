import { withSharedAdmin, type KafkaAccess } from '../kafka';
import type { RecordStore } from '../store/contract';
import { createLogger } from '../telemetry/logger';
import type { ConsumerLag, LagSample } from './contract';
import { fetchConsumerLag } from './fetch-consumer-lag';
import { createLagSecondsFiller } from './fill-lag-seconds';
import type { LagHistoryStore } from './history-store';
import { createPartitionMemory } from './partition-memory';

const log = createLogger('lag-sampler');
const dayMs = 86_400_000;
const pruneEveryMs = 3_600_000;
/** samples older than a day are thinned to one per partition and 5 minutes: a week at 15 s would be 40,320 per partition */
const thinAfterMs = dayMs;
const thinToMs = 300_000;

export interface LagSamplerOptions {
  kafka: Pick<KafkaAccess, 'connectAdmin' | 'fetchRecordTimestamps'>;
  store: Pick<RecordStore, 'getRecord'>;
  history: LagHistoryStore;
  sampleMs: number;
  stuckMs: number;
  retentionDays: number;
  /** only these groups; every consumer group on the cluster when absent */
  groupIds?: readonly string[];
  /** how long a background read may wait for Kafka to hand over records whose timestamps the store lacks */
  peekTimeoutMs?: number;
  now?: () => number;
}

export interface LagSampler {
  /** samples now and then every `sampleMs` until stopped */
  start(): void;
  /** stops sampling and closes the history: a stopped sampler is done */
  stop(): Promise<void>;
  /** the latest sample while younger than two intervals, else a fresh one (shared with a tick under way) */
  current(): Promise<ConsumerLag>;
  /** reads every group once, remembers, records into the history; concurrent calls share one read */
  sample(): Promise<ConsumerLag>;
  readonly history: LagHistoryStore;
}

/** Consumer lag over time: stuck partitions, catch-up estimates and the history behind the /lag page. */
export function createLagSampler(options: LagSamplerOptions): LagSampler {
  const { kafka, store, history, sampleMs, stuckMs, retentionDays, groupIds, now = Date.now } = options;
  const ages = createLagSecondsFiller(kafka, options.peekTimeoutMs ?? 5_000);
  const memory = createPartitionMemory(history, stuckMs);
  let latest: { lag: ConsumerLag; atMs: number } | null = null;
  let inFlight: Promise<ConsumerLag> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let lastPruneMs = 0;

  async function sampleOnce(): Promise<ConsumerLag> {
    const read = await withSharedAdmin(kafka, (admin) => fetchConsumerLag(admin, store, groupIds === undefined ? { now } : { now, groupIds }));
    const asOfMs = read.asOf === undefined ? now() : Date.parse(read.asOf);
    const lag = await memory.observe(ages.fill(read, asOfMs), asOfMs);
    // the live view needs Kafka only: a history that does not answer (a shared database down) costs the chart a sample
    await keep(lag, asOfMs).catch((error: unknown) => log.warn('could not keep the lag sample in the history', { error }));
    latest = { lag, atMs: asOfMs };
    return lag;
  }

  async function keep(lag: ConsumerLag, asOfMs: number): Promise<void> {
    // a shared history has one writer at a time: the others only sample for their own live view
    const wrote = await history.insertSamples(toSamples(lag, asOfMs));
    // an instance that becomes the writer makes a first pass over the whole history, as at start
    if (!wrote) lastPruneMs = 0;
    if (wrote && asOfMs - lastPruneMs >= pruneEveryMs) {
      // from where the previous pass stopped (the whole history on the first pass)
      const thinFrom = lastPruneMs === 0 ? 0 : lastPruneMs - thinAfterMs;
      lastPruneMs = asOfMs;
      const pruned = await history.pruneBefore(asOfMs - retentionDays * dayMs);
      const thinned = await history.thin(thinFrom, asOfMs - thinAfterMs, thinToMs);
      if (pruned + thinned > 0) log.info('pruned lag history', { samples: pruned, thinned });
    }
  }

  function sample(): Promise<ConsumerLag> {
    inFlight ??= sampleOnce().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  function tick(): void {
    sample()
      .catch((error: unknown) => log.warn('lag sample failed', { error }))
      .finally(() => {
        if (running) timer = setTimeout(tick, sampleMs).unref();
      });
  }

  return {
    history,
    sample,
    start() {
      if (running) return;
      running = true;
      tick();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await inFlight?.catch(() => undefined);
      await ages.settled();
      await history.close();
    },
    current() {
      return latest !== null && now() - latest.atMs <= 2 * sampleMs ? Promise.resolve(latest.lag) : sample();
    },
  };
}

function toSamples(lag: ConsumerLag, asOfMs: number): LagSample[] {
  const time = new Date(asOfMs).toISOString();
  return lag.groups.flatMap((g) =>
    g.partitions.map((p) => ({
      time,
      groupId: g.groupId,
      topic: p.topic,
      partition: p.partition,
      committedOffset: p.committedOffset,
      highWatermark: p.highWatermark,
      lagRecords: p.lagRecords,
      lagSeconds: p.lagSeconds,
    })),
  );
}

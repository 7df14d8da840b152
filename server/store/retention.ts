import { createLogger } from '../telemetry/logger';
import type { RecordStore } from './contract';
import type { RetentionResult } from './retention-contract';

const log = createLogger('retention');
const dayMs = 86_400_000;

export interface RetentionSettings {
  maxAgeDays: number | null;
  maxBytes: number | null;
  intervalMs: number;
}

/** What the health API shows about retention. */
export interface RetentionStatus {
  maxAgeDays: number | null;
  maxBytes: number | null;
  intervalMs: number;
  /** the last pass, null before the first one ends */
  lastRun: (Omit<RetentionResult, 'skipped'> & { at: string; durationMs: number; skipped: boolean }) | null;
  /** the last pass's failure, cleared by the next success */
  lastError: { at: string; message: string } | null;
  running: boolean;
  /** ISO 8601, null when stopped or without limits */
  nextRunAt: string | null;
}

export interface RetentionScheduler {
  /** first pass a few seconds after start, then every intervalMs */
  start(): void;
  stop(): Promise<void>;
  /** runs a pass now (or waits for the running one) */
  runNow(): Promise<void>;
  status(): RetentionStatus;
}

export interface RetentionSchedulerOptions {
  store: Pick<RecordStore, 'applyRetention'>;
  settings: RetentionSettings;
  /** ids never deleted: open dead letters and their originals, records named by the audit log */
  protectedIds(): Promise<string[]>;
  firstRunDelayMs?: number;
}

/** Applies the retention policy in the background, one pass at a time. */
export function createRetentionScheduler(options: RetentionSchedulerOptions): RetentionScheduler {
  const { settings } = options;
  const enabled = settings.maxAgeDays !== null || settings.maxBytes !== null;
  let timer: NodeJS.Timeout | null = null;
  let nextRunAt: number | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;
  let lastRun: RetentionStatus['lastRun'] = null;
  let lastError: RetentionStatus['lastError'] = null;

  const schedule = (delayMs: number) => {
    if (stopped || !enabled) return;
    nextRunAt = Date.now() + delayMs;
    timer = setTimeout(() => void runNow().finally(() => schedule(settings.intervalMs)), delayMs);
    timer.unref();
  };

  const pass = async () => {
    const started = Date.now();
    try {
      const keep = await options.protectedIds();
      const result = await options.store.applyRetention({
        maxAgeMs: settings.maxAgeDays === null ? null : settings.maxAgeDays * dayMs,
        maxBytes: settings.maxBytes,
        keep,
      });
      lastRun = { ...result, skipped: result.skipped === true, at: new Date(started).toISOString(), durationMs: Date.now() - started };
      lastError = null;
      if (result.deletedRecords > 0) log.info('retention pass', { deletedRecords: result.deletedRecords, keptProtected: result.keptProtected, sizeBytes: result.sizeBytes });
    } catch (error) {
      lastError = { at: new Date(started).toISOString(), message: (error as Error).message };
      log.error('retention pass failed', { error });
    }
  };

  const runNow = (): Promise<void> => {
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(options.firstRunDelayMs ?? 5_000);
    },
    async stop() {
      stopped = true;
      nextRunAt = null;
      if (timer !== null) clearTimeout(timer);
      await running;
    },
    runNow,
    status: () => ({
      maxAgeDays: settings.maxAgeDays,
      maxBytes: settings.maxBytes,
      intervalMs: settings.intervalMs,
      lastRun,
      lastError,
      running: running !== null,
      nextRunAt: nextRunAt === null || stopped ? null : new Date(nextRunAt).toISOString(),
    }),
  };
}

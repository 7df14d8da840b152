import type { KafkaAccess, KafkaHeader, KafkaRecordWriter } from '../kafka';
import { readWithAdmin } from './admin-read';
import { createLogger } from '../telemetry/logger';
import { lensHeaders } from './contract';
import type { RequeueLog, SendClaim, SendHold, SendLogTx, SendRow } from './requeue-log';

const log = createLogger('deadletters');

/** A send's idempotency mark on the produced record: the requeue id, or the replay id with the replayed record. */
export function sendMarkOf(headers: readonly { key: string; value: string | Buffer }[]): string | null {
  const text = (key: string) => {
    const h = headers.find((x) => x.key === key);
    return h === undefined ? null : String(h.value);
  };
  const replayId = text(lensHeaders.replayId);
  const replayedFrom = text(lensHeaders.replayedFrom);
  if (replayId !== null && replayedFrom !== null) return replayMark(replayId, replayedFrom);
  return text(lensHeaders.requeueId);
}

export const replayMark = (jobId: string, sourceId: string) => `replay:${jobId}:${sourceId}`;

export type SendOutcome =
  | { key: string; status: 'requeued' | 'already-requeued'; target: string; sendId: string }
  | { key: string; status: 'failed'; reason: string };

/** Refusals the API maps to 422: the target topic or partition does not exist. */
export class MissingTargetError extends Error {
  readonly code = 'MISSING_TARGET';
}

/** By code, not class: the runtime on globalThis may come from another bundle's copy of the class. */
export function isMissingTarget(error: unknown): error is MissingTargetError {
  return error instanceof Error && (error as { code?: unknown }).code === 'MISSING_TARGET';
}

export interface SendOnce {
  /**
   * Produces each claim's record at most once over the life of the log, whichever instance is asked: a key already
   * sent answers `already-requeued`; a key in flight here waits for it; a key a live sender elsewhere holds is waited
   * for (up to `busyWaitMs`); a `pending` key a crashed sender left is recovered first. `afterCommit` runs inside the
   * transaction that marks the batch sent (job progress goes there).
   */
  send(claims: readonly Omit<SendClaim, 'highWatermark'>[], afterCommit?: (tx: SendLogTx, outcomes: SendOutcome[]) => Promise<void>): Promise<SendOutcome[]>;
  /** the outcome for a key already claimed (waiting for it when in flight or pending), or null for a new key */
  existing(key: string): Promise<SendOutcome | null>;
  /** `existing` for many keys with one look into the log: the outcomes of the keys already claimed */
  existingAll(keys: readonly string[]): Promise<Map<string, SendOutcome>>;
  /** finds or produces every `pending` row a crashed sender left (at start, and before a job resumes) */
  recoverPending(): Promise<SendOutcome[]>;
  close(): Promise<void>;
}

const targetOf = (row: { targetTopic: string; targetPartition: number }, offset: number) => `${row.targetTopic}:${row.targetPartition}:${offset}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const asAlready = (o: SendOutcome): SendOutcome => (o.status === 'failed' ? o : { ...o, status: 'already-requeued' });

export interface SendOnceDeps {
  log: RequeueLog;
  kafka: KafkaAccess;
  readTimeoutMs?: number;
  /** how long a request waits for a send another live instance holds before answering that it is under way (60 s) */
  busyWaitMs?: number;
}

export function createSendOnce(deps: SendOnceDeps): SendOnce {
  const { log: requeueLog, kafka } = deps;
  const busyWaitMs = deps.busyWaitMs ?? 60_000;
  const inFlight = new Map<string, Promise<SendOutcome>>();
  let writer: Promise<KafkaRecordWriter> | null = null;
  const connectWriter = () => {
    writer ??= kafka.connectRecordWriter();
    const current = writer;
    // a failed connection is not kept: the next send connects afresh
    current.catch(() => writer === current && (writer = null));
    return current;
  };

  /** Registers `keys` as in flight until `work` settles; everyone asking for them meanwhile waits for it. */
  function track(keys: readonly string[], work: Promise<Map<string, SendOutcome>>): void {
    for (const key of keys) {
      const one = work.then(
        (m) => m.get(key) ?? { key, status: 'failed' as const, reason: 'no outcome' },
        (error: unknown) => ({ key, status: 'failed' as const, reason: reasonOf(error) }),
      );
      inFlight.set(key, one);
      void one.finally(() => inFlight.get(key) === one && inFlight.delete(key));
    }
  }

  async function produce(hold: SendHold, rows: readonly SendRow[], afterCommit?: (tx: SendLogTx, o: SendOutcome[]) => Promise<void>): Promise<Map<string, SendOutcome>> {
    if (rows.length === 0) return new Map();
    const byTopic = new Map<string, SendRow[]>();
    for (const r of rows) byTopic.set(r.targetTopic, [...(byTopic.get(r.targetTopic) ?? []), r]);
    const outcomes: SendOutcome[] = [];
    const done: { key: string; offset: number }[] = [];
    const w = await connectWriter();
    for (const [topic, group] of byTopic) {
      const written = await w.write(topic, group.map((r) => r.record!));
      group.forEach((r, i) => {
        const offset = written[i]!.offset;
        done.push({ key: r.key, offset });
        outcomes.push({ key: r.key, status: 'requeued', target: targetOf(r, offset), sendId: r.sendId });
      });
    }
    await hold.transaction(async (tx) => {
      await tx.markRequeued(done);
      await afterCommit?.(tx, outcomes);
    });
    return new Map(outcomes.map((o) => [o.key, o]));
  }

  /** Pending rows this hold took: look on the target partition from the recorded high watermark; produce those not found. */
  async function recover(hold: SendHold, rows: readonly SendRow[]): Promise<Map<string, SendOutcome>> {
    const outcomes = new Map<string, SendOutcome>();
    const byPartition = new Map<string, SendRow[]>();
    for (const r of rows) byPartition.set(`${r.targetTopic}:${r.targetPartition}`, [...(byPartition.get(`${r.targetTopic}:${r.targetPartition}`) ?? []), r]);
    const missing: SendRow[] = [];
    for (const group of byPartition.values()) {
      const { targetTopic: topic, targetPartition: partition } = group[0]!;
      const offsets = await readWithAdmin(kafka, (admin) => admin.fetchTopicOffsets(topic));
      const high = offsets.find((o) => o.partition === partition)?.high ?? 0;
      const from = Math.min(...group.map((r) => r.highWatermark));
      const wanted = new Map(group.map((r) => [r.sendId, r]));
      const found = new Map<string, number>();
      const messages = await kafka.readPartitionRange({ topic, partition, fromOffset: from, untilOffset: high }, deps.readTimeoutMs ?? 30_000);
      for (const m of messages) {
        const mark = sendMarkOf(m.headers.map((h: KafkaHeader) => ({ key: h.key, value: h.value })));
        if (mark !== null && wanted.has(mark) && !found.has(mark)) found.set(mark, m.offset);
      }
      const marked = group.filter((r) => found.has(r.sendId)).map((r) => ({ key: r.key, offset: found.get(r.sendId)! }));
      await hold.transaction((tx) => tx.markRequeued(marked));
      for (const r of group.filter((x) => found.has(x.sendId))) {
        outcomes.set(r.key, { key: r.key, status: 'requeued', target: targetOf(r, found.get(r.sendId)!), sendId: r.sendId });
      }
      missing.push(...group.filter((r) => !found.has(r.sendId) && r.record !== null));
    }
    if (missing.length > 0) {
      log.info('recovering pending sends not found on their target', { count: missing.length });
      for (const [key, outcome] of await produce(hold, missing)) outcomes.set(key, outcome);
    }
    return outcomes;
  }

  /**
   * A failed produce may still have landed, and kafkajs keeps failing a producer that once wrote to a topic deleted
   * since: drop the producer, then recover the rows (found on the target, or sent by a fresh producer).
   */
  async function retryThroughRecovery(hold: SendHold, rows: readonly SendRow[], error: unknown): Promise<Map<string, SendOutcome>> {
    log.warn('produce failed; looking for the records on their target before sending again', { count: rows.length, error });
    const broken = writer;
    writer = null;
    await broken?.then((w) => w.close()).catch(() => undefined);
    const again = await hold.transaction((tx) => tx.rows(rows.map((r) => r.key)));
    return recover(hold, [...again.values()].filter((r) => r.state === 'pending'));
  }

  /**
   * Keys pending in no hold of this process: the rows a crashed sender left are taken over and recovered; those a
   * live sender elsewhere holds are waited for (when `wait`), until they are sent or their sender dies.
   */
  async function settleElsewhere(keys: readonly string[], wait: boolean): Promise<Map<string, SendOutcome>> {
    const deadline = Date.now() + busyWaitMs;
    // one hold for the whole wait: what it takes over is recovered under it, and no connection is made per look
    return requeueLog.withHold(async (hold) => {
      const outcomes = new Map<string, SendOutcome>();
      let remaining = [...keys];
      for (;;) {
        const { taken, busy } = await hold.takeOver(remaining);
        if (taken.length > 0) {
          const recovered = await recover(hold, taken).catch((error: unknown) => new Map(taken.map((r) => [r.key, { key: r.key, status: 'failed' as const, reason: reasonOf(error) }])));
          for (const [key, outcome] of recovered) outcomes.set(key, outcome);
        }
        const settled = remaining.filter((k) => !outcomes.has(k) && !busy.includes(k));
        for (const row of (await requeueLog.rows(settled)).values()) {
          if (row.state === 'requeued') outcomes.set(row.key, { key: row.key, status: 'requeued', target: targetOf(row, row.targetOffset!), sendId: row.sendId });
        }
        remaining = busy;
        if (remaining.length === 0 || !wait || Date.now() > deadline) break;
        await sleep(200);
      }
      for (const key of remaining) outcomes.set(key, { key, status: 'failed', reason: 'another Eventy Lens instance is sending it right now; look again in a moment' });
      return outcomes;
    });
  }

  async function answerExisting(rows: readonly SendRow[], wait = true): Promise<SendOutcome[]> {
    const untracked = rows.filter((r) => r.state === 'pending' && !inFlight.has(r.key)).map((r) => r.key);
    if (untracked.length > 0) track(untracked, settleElsewhere(untracked, wait));
    return Promise.all(
      rows.map(async (r): Promise<SendOutcome> => {
        if (r.state === 'requeued') return { key: r.key, status: 'already-requeued', target: targetOf(r, r.targetOffset!), sendId: r.sendId };
        return asAlready(await inFlight.get(r.key)!);
      }),
    );
  }

  async function claimAndProduce(claims: readonly SendClaim[], afterCommit?: (tx: SendLogTx, o: SendOutcome[]) => Promise<void>): Promise<{ existing: Map<string, SendRow>; produced: Map<string, SendOutcome> }> {
    if (claims.length === 0) return { existing: new Map(), produced: new Map() };
    return requeueLog.withHold(async (hold) => {
      let existing = new Map<string, SendRow>();
      const toProduce = await hold.transaction(async (tx) => {
        existing = await tx.claim(claims);
        // rows claimed here are read back so produce() sends exactly what recovery would
        return [...(await tx.rows(claims.filter((c) => !existing.has(c.key)).map((c) => c.key))).values()];
      });
      const production = produce(hold, toProduce, afterCommit).catch((error: unknown) => retryThroughRecovery(hold, toProduce, error));
      track(toProduce.map((r) => r.key), production);
      const produced = await production.catch((error: unknown) => new Map(toProduce.map((r) => [r.key, { key: r.key, status: 'failed' as const, reason: reasonOf(error) }])));
      return { existing, produced };
    });
  }

  async function existingAll(keys: readonly string[]): Promise<Map<string, SendOutcome>> {
    const flying = keys.filter((k) => inFlight.has(k));
    const rows = await requeueLog.rows(keys.filter((k) => !inFlight.has(k)));
    const [waited, answered] = await Promise.all([Promise.all(flying.map(async (k) => asAlready(await inFlight.get(k)!))), answerExisting([...rows.values()])]);
    return new Map([...waited, ...answered].map((o) => [o.key, o]));
  }

  return {
    async send(claims, afterCommit) {
      const waiting = claims.filter((c) => inFlight.has(c.key));
      const known = await requeueLog.rows(claims.filter((c) => !inFlight.has(c.key)).map((c) => c.key));
      const fresh = claims.filter((c) => !inFlight.has(c.key) && !known.has(c.key));
      const highWatermarks = await readHighWatermarks(kafka, fresh);
      const { existing, produced } = await claimAndProduce(
        fresh.map((c) => ({ ...c, highWatermark: highWatermarks.get(`${c.targetTopic}:${c.targetPartition}`)! })),
        afterCommit,
      );
      const others = await answerExisting([...known.values(), ...existing.values()]);
      const waited = await Promise.all(waiting.map(async (c) => asAlready(await inFlight.get(c.key)!)));
      const all = new Map<string, SendOutcome>([...others, ...waited].map((o) => [o.key, o]));
      for (const [key, o] of produced) all.set(key, o);
      return claims.map((c) => all.get(c.key) ?? { key: c.key, status: 'failed', reason: 'no outcome' });
    },
    existing: async (key) => (await existingAll([key])).get(key) ?? null,
    existingAll,
    async recoverPending() {
      return answerExisting(await requeueLog.pendingRows(), false);
    },
    async close() {
      await Promise.allSettled([...inFlight.values()]);
      const w = writer;
      writer = null;
      await w?.then((x) => x.close()).catch(() => undefined);
    },
  };
}

/** The high watermark of every target partition, read before claiming; a missing topic or partition is refused. */
async function readHighWatermarks(kafka: KafkaAccess, claims: readonly { targetTopic: string; targetPartition: number }[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const topics = [...new Set(claims.map((c) => c.targetTopic))];
  if (topics.length === 0) return out;
  const missing = await readWithAdmin(kafka, async (admin) => {
    const existing = new Set(await admin.listTopics());
    for (const topic of topics.filter((t) => existing.has(t))) {
      for (const p of await admin.fetchTopicOffsets(topic)) out.set(`${topic}:${p.partition}`, p.high);
    }
    return topics.filter((t) => !existing.has(t));
  });
  if (missing.length > 0) throw new MissingTargetError(`target topic ${missing.join(', ')} does not exist (Eventy Lens does not create topics when it requeues or replays)`);
  for (const c of claims) {
    if (!out.has(`${c.targetTopic}:${c.targetPartition}`)) throw new MissingTargetError(`target topic ${c.targetTopic} has no partition ${c.targetPartition}`);
  }
  return out;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import type { KafkaAccess, KafkaHeader, KafkaRecordWriter } from '../kafka';
import { readWithAdmin } from './admin-read';
import { createLogger } from '../telemetry/logger';
import { lensHeaders } from './contract';
import type { RequeueLog, SendClaim, SendRow } from './requeue-log';

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
   * Produces each claim's record at most once over the life of the log: a key already sent answers
   * `already-requeued`, a key in flight in this process waits for it, a `pending` key left by a crash is recovered
   * first. `afterCommit` runs inside the transaction that marks the batch sent (job progress goes there).
   */
  send(claims: readonly Omit<SendClaim, 'highWatermark'>[], afterCommit?: (outcomes: SendOutcome[]) => void): Promise<SendOutcome[]>;
  /** the outcome for a key already claimed (waiting for it when in flight or pending), or null for a new key */
  existing(key: string): Promise<SendOutcome> | null;
  /** finds or produces every `pending` row of the log (at start, and before a job resumes) */
  recoverPending(): Promise<SendOutcome[]>;
  close(): Promise<void>;
}

const targetOf = (row: { targetTopic: string; targetPartition: number }, offset: number) => `${row.targetTopic}:${row.targetPartition}:${offset}`;

export function createSendOnce(deps: { log: RequeueLog; kafka: KafkaAccess; readTimeoutMs?: number }): SendOnce {
  const { log: requeueLog, kafka } = deps;
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

  async function produce(rows: readonly SendRow[], afterCommit?: (o: SendOutcome[]) => void): Promise<Map<string, SendOutcome>> {
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
    requeueLog.transaction(() => {
      requeueLog.markRequeued(done);
      afterCommit?.(outcomes);
    });
    return new Map(outcomes.map((o) => [o.key, o]));
  }

  /** Pending rows: look on the target partition from the recorded high watermark; produce those not found. */
  async function recover(rows: readonly SendRow[]): Promise<Map<string, SendOutcome>> {
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
      requeueLog.transaction(() => requeueLog.markRequeued(marked));
      for (const r of group.filter((x) => found.has(x.sendId))) {
        outcomes.set(r.key, { key: r.key, status: 'requeued', target: targetOf(r, found.get(r.sendId)!), sendId: r.sendId });
      }
      missing.push(...group.filter((r) => !found.has(r.sendId) && r.record !== null));
    }
    if (missing.length > 0) {
      log.info('recovering pending sends not found on their target', { count: missing.length });
      for (const [key, outcome] of await produce(missing)) outcomes.set(key, outcome);
    }
    return outcomes;
  }

  /**
   * A failed produce may still have landed, and kafkajs keeps failing a producer that once wrote to a topic deleted
   * since: drop the producer, then recover the rows (found on the target, or sent by a fresh producer).
   */
  async function retryThroughRecovery(rows: readonly SendRow[], error: unknown): Promise<Map<string, SendOutcome>> {
    log.warn('produce failed; looking for the records on their target before sending again', { count: rows.length, error });
    const broken = writer;
    writer = null;
    await broken?.then((w) => w.close()).catch(() => undefined);
    const again = requeueLog.rows(rows.map((r) => r.key));
    return recover([...again.values()].filter((r) => r.state === 'pending'));
  }

  function recoverUntracked(rows: readonly SendRow[]): void {
    const untracked = rows.filter((r) => !inFlight.has(r.key));
    if (untracked.length > 0) track(untracked.map((r) => r.key), recover(untracked));
  }

  async function answerExisting(rows: readonly SendRow[]): Promise<SendOutcome[]> {
    recoverUntracked(rows.filter((r) => r.state === 'pending'));
    return Promise.all(
      rows.map(async (r): Promise<SendOutcome> => {
        if (r.state === 'requeued') return { key: r.key, status: 'already-requeued', target: targetOf(r, r.targetOffset!), sendId: r.sendId };
        const outcome = await inFlight.get(r.key)!;
        return outcome.status === 'failed' ? outcome : { ...outcome, status: 'already-requeued' };
      }),
    );
  }

  return {
    async send(claims, afterCommit) {
      const waiting = claims.filter((c) => inFlight.has(c.key));
      const known = requeueLog.rows(claims.filter((c) => !inFlight.has(c.key)).map((c) => c.key));
      const fresh = claims.filter((c) => !inFlight.has(c.key) && !known.has(c.key));
      const highWatermarks = await readHighWatermarks(kafka, fresh);
      let existing = new Map<string, SendRow>();
      const toProduce: SendRow[] = [];
      requeueLog.transaction(() => {
        existing = requeueLog.claim(fresh.map((c) => ({ ...c, highWatermark: highWatermarks.get(`${c.targetTopic}:${c.targetPartition}`)! })));
        // rows claimed here are read back so produce() sends exactly what recovery would
        const claimed = requeueLog.rows(fresh.filter((c) => !existing.has(c.key)).map((c) => c.key));
        toProduce.push(...claimed.values());
      });
      const production = produce(toProduce, afterCommit).catch((error: unknown) => retryThroughRecovery(toProduce, error));
      track(toProduce.map((r) => r.key), production);
      const others = await answerExisting([...known.values(), ...existing.values()]);
      const waited = await Promise.all(waiting.map((c) => inFlight.get(c.key)!.then((o) => (o.status === 'failed' ? o : { ...o, status: 'already-requeued' as const }))));
      const produced = await production.catch((error: unknown) => new Map(toProduce.map((r) => [r.key, { key: r.key, status: 'failed' as const, reason: reasonOf(error) }])));
      const all = new Map<string, SendOutcome>([...others, ...waited].map((o) => [o.key, o]));
      for (const [key, o] of produced) all.set(key, o);
      return claims.map((c) => all.get(c.key) ?? { key: c.key, status: 'failed', reason: 'no outcome' });
    },
    existing(key) {
      if (inFlight.has(key)) return inFlight.get(key)!.then((o) => (o.status === 'failed' ? o : { ...o, status: 'already-requeued' as const }));
      const row = requeueLog.rows([key]).get(key);
      return row === undefined ? null : answerExisting([row]).then((o) => o[0]!);
    },
    async recoverPending() {
      const pending = requeueLog.pendingRows();
      return answerExisting(pending);
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

import { randomUUID } from 'node:crypto';
import type { KafkaAccess, KafkaAdmin } from '../kafka';
import type { LagSampler } from '../lag';
import type { ParkAnswer, ParkListQuery, ParkRefusal, ParkView } from './contract';
import { parkIdOf, parkedCopy } from './park-copy';
import { openParkLog, type ParkLog, type ParkRow } from './park-log';
import { openPostgresParkLog } from './postgres-park-log';

/** A park that another request (or another dashboard) claimed this recently is left to it rather than recovered. */
const claimLeaseMs = 60_000;
const readTimeoutMs = 30_000;

export type ParkOutcome = { ok: true; answer: ParkAnswer } | { ok: false; status: 404 | 409; refusal: ParkRefusal };

export interface PartitionRef {
  groupId: string;
  topic: string;
  partition: number;
}

export interface ParkServiceOptions {
  kafka: Pick<KafkaAccess, 'connectAdmin' | 'readPartitionRange' | 'connectRecordWriter'>;
  log: ParkLog;
  /** LENS_PARK_TOPIC_SUFFIX: `<topic><suffix>` receives the copies */
  topicSuffix: string;
  /** since when the lag sampler has seen this partition stuck, if it has */
  stuckSince(ref: PartitionRef): Promise<string | null>;
  now?: () => Date;
}

export interface ParkService {
  /** copies the record at `offset` to the dead-letter topic and commits the group's offset one past it */
  park(ref: PartitionRef, offset: number, actor: string): Promise<ParkOutcome>;
  /** moves the group's offset back to the parked record; the copy stays on the dead-letter topic */
  undo(parkId: string, actor: string): Promise<ParkOutcome>;
  list(query: ParkListQuery): Promise<ParkView[]>;
  get(parkId: string): Promise<ParkView | null>;
  close(): Promise<void>;
}

function refuse(reason: ParkRefusal['reason'], error: string, extra: Partial<ParkRefusal> = {}): ParkOutcome {
  return { ok: false, status: reason === 'unknown-park' ? 404 : 409, refusal: { error, reason, ...extra } };
}

function view(row: ParkRow): ParkView {
  const { dlqPartition, dlqSearchFrom, ...rest } = row;
  void dlqPartition;
  void dlqSearchFrom;
  return rest;
}

/** Kafka's own refusal when a member joined between our check and the commit. */
function isGroupActiveError(error: unknown): boolean {
  return error instanceof Error && /running instances|rebalanc|UNKNOWN_MEMBER_ID|member/i.test(error.message);
}

/** Parking a poison record: Eventy's missing dead-letter queue, done once per record and group, undoable. */
export function createParkService(options: ParkServiceOptions): ParkService {
  const { kafka, log, topicSuffix, now = () => new Date() } = options;
  /**
   * A connection of its own per operation: the shared admin is closed whenever one of its users fails (the lag
   * sampler on a topic deleted under it), which would cut a park off between its produce and its commit.
   */
  async function withAdmin<T>(work: (admin: KafkaAdmin) => Promise<T>): Promise<T> {
    const admin = await kafka.connectAdmin();
    try {
      return await work(admin);
    } finally {
      await admin.close().catch(() => undefined);
    }
  }

  // one operation per partition at a time in this process; across processes the log's unique key decides
  const queues = new Map<string, Promise<unknown>>();
  function serialized<T>(ref: PartitionRef, work: () => Promise<T>): Promise<T> {
    const key = `${ref.groupId}\u0000${ref.topic}\u0000${ref.partition}`;
    const run = (queues.get(key) ?? Promise.resolve()).then(work, work);
    const tail = run.catch(() => undefined);
    queues.set(key, tail);
    void tail.then(() => queues.get(key) === tail && queues.delete(key));
    return run;
  }

  /** Refuses while the group has members; else where it resumes on the partition (the log start when it never committed). */
  async function readGroup(admin: KafkaAdmin, ref: PartitionRef): Promise<{ refusal: ParkOutcome } | { current: number | null }> {
    const [group] = await admin.describeGroups([ref.groupId]);
    const members = group?.members ?? [];
    if (members.length > 0) {
      const error = `group ${ref.groupId} has ${members.length} active member(s): Kafka refuses to move the offsets of a group while a consumer is connected; stop the service first`;
      return { refusal: refuse('group-active', error, { members: members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, host: m.host, assignment: m.assignment })) }) };
    }
    const committed = (await admin.fetchCommittedOffsets(ref.groupId, [ref.topic])).find((c) => c.partition === ref.partition)?.offset ?? null;
    return { current: committed ?? (await admin.fetchTopicOffsets(ref.topic)).find((p) => p.partition === ref.partition)?.low ?? null };
  }

  function offsetMoved(ref: PartitionRef, expected: number, current: number | null): ParkOutcome {
    const error = `group ${ref.groupId} is at offset ${current ?? 'none'} on ${ref.topic}:${ref.partition}, not ${expected}: someone moved on`;
    return refuse('offset-moved', error, { committedOffset: current });
  }

  async function commit(admin: KafkaAdmin, ref: PartitionRef, offset: number): Promise<ParkOutcome | null> {
    try {
      await admin.commitGroupOffsets(ref.groupId, [{ topic: ref.topic, partition: ref.partition, offset }]);
      // kafkajs moves offsets through a short-lived member of the group: make sure the move took
      const after = (await admin.fetchCommittedOffsets(ref.groupId, [ref.topic])).find((c) => c.partition === ref.partition)?.offset ?? null;
      if (after !== offset) throw new Error(`group ${ref.groupId} is at offset ${after ?? 'none'} on ${ref.topic}:${ref.partition} after moving it to ${offset}`);
      return null;
    } catch (error) {
      if (!isGroupActiveError(error)) throw error;
      return refuse('group-active', `Kafka refused to move the offset of group ${ref.groupId}: ${(error as Error).message}`, { members: [] });
    }
  }

  /** The dead-letter topic with the original's partition count, created when missing; its partition's high watermark. */
  async function prepareDeadLetterTopic(admin: KafkaAdmin, ref: PartitionRef, dlqTopic: string): Promise<number | null> {
    if (!(await admin.listTopics()).includes(dlqTopic)) {
      const partitions = (await admin.fetchTopicOffsets(ref.topic)).length;
      await admin.createTopic(dlqTopic, partitions).catch((error: unknown) => {
        if (!/already exists/i.test((error as Error).message)) throw error;
      });
    }
    return (await admin.fetchTopicOffsets(dlqTopic)).find((p) => p.partition === ref.partition)?.high ?? null;
  }

  /** Finds the copy a crashed or concurrent run produced, or produces it: the dead-letter offset either way. */
  async function copyOnce(admin: KafkaAdmin, row: ParkRow, recover: boolean): Promise<number | ParkOutcome> {
    if (recover) {
      const high = (await admin.fetchTopicOffsets(row.dlqTopic)).find((p) => p.partition === row.dlqPartition)?.high ?? row.dlqSearchFrom;
      const range = { topic: row.dlqTopic, partition: row.dlqPartition, fromOffset: row.dlqSearchFrom, untilOffset: high };
      const found = (await kafka.readPartitionRange(range, readTimeoutMs, (m) => parkIdOf(m) === row.id)).find((m) => parkIdOf(m) === row.id);
      if (found) return found.offset;
    }
    const range = { topic: row.topic, partition: row.partition, fromOffset: row.offset, untilOffset: row.offset + 1 };
    const [original] = await kafka.readPartitionRange(range, readTimeoutMs);
    if (original?.offset !== row.offset) return refuse('no-record', `no record at ${row.topic}:${row.partition}:${row.offset} (deleted or compacted)`);
    const writer = await kafka.connectRecordWriter();
    try {
      const copy = parkedCopy(original, { parkId: row.id, groupId: row.groupId, parkedBy: row.parkedBy, stuckSince: row.stuckSince, parkedAt: now().toISOString() });
      const [written] = await writer.write(row.dlqTopic, [copy]);
      if (written === undefined) throw new Error(`the broker answered no offset for the copy on ${row.dlqTopic}`);
      return written.offset;
    } finally {
      await writer.close();
    }
  }

  /** The answer a park of the record standing in the log gives: done already, or still under way (here or on another instance). */
  function answerOfStanding(row: ParkRow | null, offset: number): ParkOutcome | null {
    if (row?.state === 'parked') return { ok: true, answer: { status: 'already-parked', park: view(row), committedOffset: offset + 1 } };
    if (row?.state === 'pending' && row.createdAt > new Date(now().getTime() - claimLeaseMs).toISOString()) {
      return refuse('in-progress', `park ${row.id} of this record started at ${row.createdAt} and is still under way; retry in a minute`);
    }
    return null;
  }

  async function park(ref: PartitionRef, offset: number, actor: string): Promise<ParkOutcome> {
    const existing = await log.find(ref.groupId, ref.topic, ref.partition, offset);
    const standing = answerOfStanding(existing, offset);
    if (standing) return standing;
    return withAdmin(async (admin) => {
      const group = await readGroup(admin, ref);
      if ('refusal' in group) return group.refusal;
      // a copy whose park stopped before it was marked: the commit may have happened (crash right after it)
      const committedAlready = existing?.state === 'copied' && group.current === offset + 1;
      if (group.current !== offset && !committedAlready) return offsetMoved(ref, offset, group.current);
      let row = existing;
      if (row === null || row.state === 'pending') {
        const dlqTopic = `${ref.topic}${topicSuffix}`;
        const dlqHigh = row === null ? await prepareDeadLetterTopic(admin, ref, dlqTopic) : row.dlqSearchFrom;
        if (dlqHigh === null) return refuse('dlq-partition-missing', `${dlqTopic} has no partition ${ref.partition}: give it as many partitions as ${ref.topic}`);
        const stuckSince = row?.stuckSince ?? (await options.stuckSince(ref));
        const claimed = await log.claim({ id: randomUUID(), ...ref, offset, dlqTopic, dlqSearchFrom: dlqHigh, stuckSince, parkedBy: actor, createdAt: now().toISOString() });
        row = claimed.row;
        // another instance claimed the record since the look above: its park stands, like one found there
        const claimedElsewhere = claimed.created ? null : answerOfStanding(row, offset);
        if (claimedElsewhere) return claimedElsewhere;
        if (row.state === 'pending') {
          const copied = await copyOnce(admin, row, !claimed.created);
          if (typeof copied !== 'number') return copied;
          await log.markCopied(row.id, copied);
        }
      }
      if (!committedAlready) {
        const failed = await commit(admin, ref, offset + 1);
        if (failed) return failed;
      }
      await log.markParked(row.id, now().toISOString());
      const parked = await log.get(row.id);
      if (parked === null) throw new Error(`park ${row.id} vanished from the park log`);
      return { ok: true, answer: { status: 'parked', park: view(parked), committedOffset: offset + 1 } };
    });
  }

  async function undo(parkId: string, actor: string): Promise<ParkOutcome> {
    const row = await log.get(parkId);
    if (row === null) return refuse('unknown-park', `no park ${parkId}`);
    if (row.state === 'undone') return { ok: true, answer: { status: 'already-undone', park: view(row), committedOffset: row.offset } };
    if (row.state !== 'parked') return refuse('not-parked', `park ${parkId} is ${row.state}, not parked: park it again to finish it first`);
    return withAdmin(async (admin) => {
      const group = await readGroup(admin, row);
      if ('refusal' in group) return group.refusal;
      if (group.current !== row.offset + 1) return offsetMoved(row, row.offset + 1, group.current);
      const failed = await commit(admin, row, row.offset);
      if (failed) return failed;
      await log.markUndone(row.id, actor, now().toISOString());
      const undone = await log.get(row.id);
      if (undone === null) throw new Error(`park ${row.id} vanished from the park log`);
      return { ok: true, answer: { status: 'undone', park: view(undone), committedOffset: row.offset } };
    });
  }

  return {
    park: (ref, offset, actor) => serialized(ref, () => park(ref, offset, actor)),
    async undo(parkId, actor) {
      const row = await log.get(parkId);
      return row === null ? undo(parkId, actor) : serialized(row, () => undo(parkId, actor));
    },
    list: async (query) => (await log.list(query)).map(view),
    async get(parkId) {
      const row = await log.get(parkId);
      return row === null ? null : view(row);
    },
    async close() {
      await Promise.all(queues.values());
      await log.close();
    },
  };
}

/**
 * The park service of the runtime: its log in the shared PostgreSQL database when there is one (every instance sees
 * every park), else in the data dir; "stuck since" from the lag sampler's latest view.
 */
export function openParkService(deps: {
  dataDir: string;
  /** LENS_DATABASE_URL */
  databaseUrl: string | undefined;
  kafka: ParkServiceOptions['kafka'];
  topicSuffix: string;
  lagSampler: Pick<LagSampler, 'current'>;
}): ParkService {
  const stuckSince = async ({ groupId, topic, partition }: PartitionRef) => {
    const lag = await deps.lagSampler.current().catch(() => null);
    return lag?.groups.find((g) => g.groupId === groupId)?.partitions.find((p) => p.topic === topic && p.partition === partition)?.stuckSince ?? null;
  };
  const log = deps.databaseUrl === undefined ? openParkLog(deps.dataDir) : openPostgresParkLog({ url: deps.databaseUrl });
  return createParkService({ kafka: deps.kafka, log, topicSuffix: deps.topicSuffix, stuckSince });
}

import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openRequeueLog, toRequeueStatus, type RequeueLog, type RequeueLogLocation, type SendClaim } from './requeue-log';

/** How the requeue-log suite gets logs of one engine. */
export interface RequeueLogHarness {
  /** where a new, empty log lives (a temp dir, a schema of the test server) */
  newLocation(): Promise<RequeueLogLocation>;
  cleanup(): Promise<void>;
}

const claimOf = (key: string, sendId: string): SendClaim => ({
  key,
  kind: 'requeue',
  sourceId: key,
  sendId,
  jobId: null,
  targetTopic: 'orders-events',
  targetPartition: 1,
  highWatermark: 40,
  by: 'alice',
  editedHash: null,
  record: { key: Buffer.from('order-1'), value: Buffer.from('{}'), partition: 1, headers: [{ key: 'a', value: Buffer.from([0xff]) }, { key: 'a', value: Buffer.from('2') }] },
});

/** Resolves when `release` is called: keeps a hold (or a job run) live while the test looks from elsewhere. */
function latch(): { wait: Promise<void>; release: () => void } {
  let release: () => void = () => undefined;
  const wait = new Promise<void>((resolve) => (release = resolve));
  return { wait, release };
}

/** What every requeue/replay log does, whatever its engine (SQLite file of one instance, or the shared PostgreSQL). */
export function describeRequeueLog(harness: RequeueLogHarness): void {
  const open: RequeueLog[] = [];
  const openLog = async (at?: RequeueLogLocation) => {
    const location = at ?? (await harness.newLocation());
    const log = openRequeueLog(location);
    open.push(log);
    return { log, location };
  };
  afterEach(async () => {
    for (const log of open.splice(0)) await log.close();
  });
  afterAll(() => harness.cleanup());

  describe('sends', () => {
    it('refuses a second claim for the same dead letter and answers the first one', async () => {
      const { log } = await openLog();
      await log.withHold(async (hold) => {
        expect(await hold.transaction((tx) => tx.claim([claimOf('orders.dlq:0:5', 'r-1')]))).toEqual(new Map());
        const existing = await hold.transaction((tx) => tx.claim([claimOf('orders.dlq:0:5', 'r-2'), claimOf('orders.dlq:0:6', 'r-3')]));
        expect([...existing.keys()]).toEqual(['orders.dlq:0:5']);
        expect(existing.get('orders.dlq:0:5')).toMatchObject({ sendId: 'r-1', state: 'pending', highWatermark: 40, targetOffset: null });
      });
      expect((await log.pendingRows()).map((r) => r.key)).toEqual(['orders.dlq:0:5', 'orders.dlq:0:6']);
    });

    it('keeps the record to produce until it is marked requeued, across a reopen', async () => {
      const { log: first, location } = await openLog();
      await first.withHold((hold) => hold.transaction((tx) => tx.claim([claimOf('orders.dlq:0:5', 'r-1')])));
      await first.close();
      const { log } = await openLog(location);
      const pending = (await log.rows(['orders.dlq:0:5'])).get('orders.dlq:0:5')!;
      expect(pending.record).toEqual(claimOf('x', 'y').record);
      await log.withHold((hold) => hold.transaction((tx) => tx.markRequeued([{ key: 'orders.dlq:0:5', offset: 41 }])));
      const done = (await log.rows(['orders.dlq:0:5'])).get('orders.dlq:0:5')!;
      expect(done.record).toBeNull();
      expect(toRequeueStatus(done)).toMatchObject({ state: 'requeued', requeueId: 'r-1', target: 'orders-events:1:41', targetTopic: 'orders-events', by: 'alice', edited: false });
      expect(await log.pendingRows()).toEqual([]);
    });

    it('leaves a pending row to its live hold, and lets another hold take it over once that hold ended', async () => {
      const { log } = await openLog();
      const sending = latch();
      const claimed = latch();
      const first = log.withHold(async (hold) => {
        await hold.transaction((tx) => tx.claim([claimOf('orders.dlq:0:7', 'r-7')]));
        claimed.release();
        await sending.wait;
      });
      await claimed.wait;
      // while the first sender lives, nobody else may find-or-produce its row
      expect(await log.withHold((hold) => hold.takeOver(['orders.dlq:0:7']))).toEqual({ taken: [], busy: ['orders.dlq:0:7'] });
      sending.release();
      await first;
      // its sender stopped with the row still pending (a failed produce, or a crash): it is free to recover
      const after = await log.withHold((hold) => hold.takeOver(['orders.dlq:0:7', 'orders.dlq:0:8']));
      expect(after.busy).toEqual([]);
      expect(after.taken.map((r) => [r.key, r.sendId, r.state])).toEqual([['orders.dlq:0:7', 'r-7', 'pending']]);
    });

    it('takes over nothing that is already requeued', async () => {
      const { log } = await openLog();
      await log.withHold(async (hold) => {
        await hold.transaction((tx) => tx.claim([claimOf('orders.dlq:0:9', 'r-9')]));
        await hold.transaction((tx) => tx.markRequeued([{ key: 'orders.dlq:0:9', offset: 3 }]));
      });
      expect(await log.withHold((hold) => hold.takeOver(['orders.dlq:0:9']))).toEqual({ taken: [], busy: [] });
    });
  });

  describe('jobs', () => {
    it('counts progress from the items, commits item marks with the sends, and lists the reasons of skipped ones', async () => {
      const { log } = await openLog();
      const { jobs } = log;
      const job = await jobs.create({ kind: 'requeue', description: '3 dead letters → orders', params: { topic: 'orders' }, items: ['a:0:1', 'a:0:2', 'a:0:3'], createdBy: 'alice' });
      expect(await jobs.pendingItems(job.id, 2)).toEqual([
        { seq: 0, sourceId: 'a:0:1' },
        { seq: 1, sourceId: 'a:0:2' },
      ]);
      await jobs.markItems(job.id, [{ seq: 1, state: 'skipped', reason: 'failed again' }]);
      await log.withHold((hold) =>
        hold.transaction(async (tx) => {
          await tx.claim([claimOf('a:0:1', 'r-a1')]);
          await tx.markRequeued([{ key: 'a:0:1', offset: 1 }]);
          await tx.markItems(job.id, [{ seq: 0, state: 'done' }]);
        }),
      );
      // a transaction that fails takes its item marks with it
      await expect(
        log.withHold((hold) =>
          hold.transaction(async (tx) => {
            await tx.markItems(job.id, [{ seq: 2, state: 'done' }]);
            throw new Error('the broker went away');
          }),
        ),
      ).rejects.toThrow('the broker went away');
      await jobs.setState(job.id, 'running');
      expect(await jobs.view(job.id)).toMatchObject({ state: 'running', total: 3, done: 1, skipped: 1, failed: 0, errors: [{ id: 'a:0:2', reason: 'failed again' }], finishedAt: null });
      expect((await jobs.get(job.id))?.params).toEqual({ topic: 'orders' });
      await jobs.setState(job.id, 'done');
      expect((await jobs.view(job.id))?.finishedAt).not.toBeNull();
    });

    it('creates a job of many items at once', async () => {
      const { log } = await openLog();
      const items = Array.from({ length: 1234 }, (_, i) => `big:0:${i}`);
      const job = await log.jobs.create({ kind: 'replay', description: 'big', params: {}, items, createdBy: 'bob' });
      expect(await log.jobs.view(job.id)).toMatchObject({ total: 1234, done: 0 });
      expect((await log.jobs.pendingItems(job.id, 2000)).map((i) => i.sourceId)).toEqual(items);
    });

    it('marks jobs a dead runner left unfinished as interrupted when a log opens, and keeps finished ones', async () => {
      const { log, location } = await openLog();
      const running = await log.jobs.create({ kind: 'replay', description: 'x', params: {}, items: ['t:0:0'], createdBy: 'bob' });
      await log.runJob(running.id, () => log.jobs.setState(running.id, 'running'));
      const done = await log.jobs.create({ kind: 'replay', description: 'y', params: {}, items: [], createdBy: 'bob' });
      await log.jobs.setState(done.id, 'done');
      await log.close();
      const { log: reopened } = await openLog(location);
      expect(await reopened.jobs.interruptUnfinished()).toEqual([running.id]);
      expect((await reopened.jobs.list(10)).map((j) => [j.description, j.state])).toEqual(expect.arrayContaining([['x', 'interrupted'], ['y', 'done']]));
    });

    it('runs a job in one runner at a time and never runs a finished one', async () => {
      const { log } = await openLog();
      const job = await log.jobs.create({ kind: 'requeue', description: 'one runner', params: {}, items: ['a:0:1'], createdBy: 'alice' });
      const inside = latch();
      const finish = latch();
      const first = log.runJob(job.id, async () => {
        await log.jobs.setState(job.id, 'running');
        inside.release();
        await finish.wait;
      });
      await inside.wait;
      expect(await log.runJob(job.id, () => Promise.reject(new Error('a second runner ran')))).toBe(false);
      // a live runner's job is not interrupted by an instance that starts meanwhile
      expect(await log.jobs.interruptUnfinished()).toEqual([]);
      finish.release();
      expect(await first).toBe(true);
      expect(await log.runJob(job.id, () => log.jobs.setState(job.id, 'done'))).toBe(true);
      expect(await log.runJob(job.id, () => Promise.reject(new Error('a done job ran again')))).toBe(false);
    });

    it('cancels a job nobody runs at once, and asks the live runner of a running one to stop', async () => {
      const { log } = await openLog();
      const idle = await log.jobs.create({ kind: 'replay', description: 'idle', params: {}, items: ['t:0:0'], createdBy: 'bob' });
      expect(await log.jobs.requestCancel(idle.id)).toBe(true);
      expect(await log.jobs.get(idle.id)).toMatchObject({ state: 'cancelled', cancelRequested: false });
      expect(await log.runJob(idle.id, () => Promise.reject(new Error('a cancelled job ran')))).toBe(false);

      const busy = await log.jobs.create({ kind: 'replay', description: 'busy', params: {}, items: ['t:0:0'], createdBy: 'bob' });
      const inside = latch();
      const finish = latch();
      const run = log.runJob(busy.id, async () => {
        await log.jobs.setState(busy.id, 'running');
        inside.release();
        await finish.wait;
      });
      await inside.wait;
      expect(await log.jobs.requestCancel(busy.id)).toBe(false);
      expect(await log.jobs.get(busy.id)).toMatchObject({ state: 'running', cancelRequested: true });
      finish.release();
      await run;
    });
  });
}

import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { NewPark, ParkLog } from './park-log';

/** How the park-log suite gets logs of one engine. */
export interface ParkLogHarness {
  /** a new, empty log, or another log on the storage of the one made earlier at `at` (a reopen, or a second instance) */
  open(at?: string): Promise<{ log: ParkLog; at: string }>;
  cleanup(): Promise<void>;
}

const park = (over: Partial<NewPark> = {}): NewPark => ({
  id: 'p1',
  groupId: 'audit-log',
  topic: 'orders-events',
  partition: 1,
  offset: 42,
  dlqTopic: 'orders-events.dlq',
  dlqSearchFrom: 10,
  stuckSince: null,
  parkedBy: 'alice',
  createdAt: '2026-11-23T10:00:00.000Z',
  ...over,
});

/** What every park log does, whatever its engine (SQLite file or shared PostgreSQL). */
export function describeParkLog(harness: ParkLogHarness): void {
  const opened: ParkLog[] = [];
  const open = async (at?: string) => {
    const made = await harness.open(at);
    opened.push(made.log);
    return made;
  };
  afterEach(async () => {
    for (const log of opened.splice(0)) await log.close();
  });
  afterAll(() => harness.cleanup());

  describe('the park log', () => {
    it('keeps one park per record and group: a second claim answers the first row', async () => {
      const { log } = await open();
      expect(await log.claim(park())).toMatchObject({ created: true, row: { id: 'p1', state: 'pending', deadLetterId: null, dlqSearchFrom: 10 } });
      expect(await log.claim(park({ id: 'p2', parkedBy: 'bob' }))).toMatchObject({ created: false, row: { id: 'p1', parkedBy: 'alice' } });
      expect((await log.claim(park({ id: 'p3', groupId: 'other' }))).created).toBe(true);
    });

    it('moves a park through copied, parked and undone, and keeps it across a reopen', async () => {
      const { log, at } = await open();
      await log.claim(park());
      await log.markCopied('p1', 17);
      expect(await log.get('p1')).toMatchObject({ state: 'copied', deadLetterId: 'orders-events.dlq:1:17' });
      await log.markParked('p1', '2026-11-23T10:00:05.000Z');
      // a late copy mark (a recovery finding its copy again) leaves the state alone
      await log.markCopied('p1', 17);
      await log.markUndone('p1', 'bob', '2026-11-23T10:01:00.000Z');
      await log.close();
      const { log: reopened } = await open(at);
      expect(await reopened.find('audit-log', 'orders-events', 1, 42)).toMatchObject({ state: 'undone', undoneBy: 'bob', parkedAt: '2026-11-23T10:00:05.000Z' });
      // parking again after an undo keeps the copy and clears the undo
      await reopened.markParked('p1', '2026-11-23T10:02:00.000Z');
      expect(await reopened.get('p1')).toMatchObject({ state: 'parked', undoneBy: null, undoneAt: null, deadLetterId: 'orders-events.dlq:1:17' });
      expect(await reopened.get('nope')).toBeNull();
      expect(await reopened.find('audit-log', 'orders-events', 1, 43)).toBeNull();
    });

    it('keeps offsets beyond 32 bits as numbers', async () => {
      const { log } = await open();
      const offset = 2 ** 40 + 3;
      const { row } = await log.claim(park({ offset, dlqSearchFrom: offset + 1 }));
      expect(row).toMatchObject({ offset, dlqSearchFrom: offset + 1 });
      await log.markCopied('p1', offset + 2);
      expect(await log.find('audit-log', 'orders-events', 1, offset)).toMatchObject({ deadLetterId: `orders-events.dlq:1:${offset + 2}` });
    });

    it('lists newest first, filtered by group and topic', async () => {
      const { log } = await open();
      await log.claim(park({ id: 'a', offset: 1, createdAt: '2026-11-23T10:00:00.000Z' }));
      await log.claim(park({ id: 'b', offset: 2, createdAt: '2026-11-23T11:00:00.000Z' }));
      await log.claim(park({ id: 'c', offset: 3, groupId: 'billing', topic: 'billing-requests', createdAt: '2026-11-23T12:00:00.000Z' }));
      const ids = async (query: Parameters<ParkLog['list']>[0]) => (await log.list(query)).map((p) => p.id);
      expect(await ids({ limit: 10 })).toEqual(['c', 'b', 'a']);
      expect(await ids({ group: 'audit-log', limit: 10 })).toEqual(['b', 'a']);
      expect(await ids({ topic: 'billing-requests', limit: 10 })).toEqual(['c']);
      expect(await ids({ group: 'audit-log', topic: 'billing-requests', limit: 10 })).toEqual([]);
      expect(await ids({ limit: 1 })).toEqual(['c']);
    });

    it('is one log for two instances on the same storage: a claim through one is answered by the other, marks are seen by both', async () => {
      const { log: first, at } = await open();
      const { log: second } = await open(at);
      expect((await first.claim(park())).created).toBe(true);
      expect(await second.claim(park({ id: 'p2', parkedBy: 'bob' }))).toMatchObject({ created: false, row: { id: 'p1', parkedBy: 'alice', state: 'pending' } });
      await second.markCopied('p1', 5);
      expect(await first.get('p1')).toMatchObject({ state: 'copied', deadLetterId: 'orders-events.dlq:1:5' });
      await first.markParked('p1', '2026-11-23T10:00:05.000Z');
      expect(await second.find('audit-log', 'orders-events', 1, 42)).toMatchObject({ state: 'parked', parkedAt: '2026-11-23T10:00:05.000Z' });
      expect((await second.list({ limit: 10 })).map((p) => p.id)).toEqual(['p1']);
      // two instances claiming the same record at the same moment: one park stands, both answer it
      const claims = await Promise.all([first.claim(park({ id: 'q1', offset: 43 })), second.claim(park({ id: 'q2', offset: 43, parkedBy: 'bob' }))]);
      expect(claims.filter((c) => c.created)).toHaveLength(1);
      const standing = claims.find((c) => c.created)!.row;
      expect(claims.map((c) => c.row)).toEqual([standing, standing]);
    });
  });
}

import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { auditQuerySchema, type AuditEntryInput, type AuditLog } from './contract';
import { collectAuditEntries, exportFileName } from './export-audit';

/** How the audit-log suite gets logs of one engine. */
export interface AuditLogHarness {
  /** a new, empty log, or the one made earlier at `at` */
  open(at?: string): Promise<{ log: AuditLog; at: string }>;
  /** runs SQL on another connection to the log's storage (what a tamperer would do) */
  tamper(at: string, sql: string): Promise<void>;
  cleanup(): Promise<void>;
}

/** What every audit log does, whatever its engine (SQLite file or shared PostgreSQL). */
export function describeAuditLog(harness: AuditLogHarness): void {
  let log: AuditLog | undefined;
  afterEach(() => log?.close());
  afterAll(() => harness.cleanup());

  const entry = (name: string, action: AuditEntryInput['action'], target: string, result: AuditEntryInput['result'] = 'ok'): AuditEntryInput => ({
    actor: { name, role: 'operator', via: 'session' },
    origin: { ip: '10.0.0.7', userAgent: 'test' },
    action,
    target,
    result,
    details: { count: 1 },
  });
  const query = (input: Record<string, unknown>) => auditQuerySchema.parse(input);

  describe('the audit log', () => {
    it('appends entries with an id and a time and lists them newest first', async () => {
      const { log: opened, at } = await harness.open();
      log = opened;
      const first = await log.append(entry('ada', 'login', ''));
      const second = await log.append(entry('bob', 'dead-letter.requeue', 'dlq:0:5', 'failed'));
      expect(second.id).toBeGreaterThan(first.id);
      expect(Date.parse(first.at)).not.toBeNaN();
      const { items, nextCursor } = await log.list(query({}));
      expect(items.map((i) => [i.actor.name, i.action, i.target, i.result, i.origin.ip, i.details])).toEqual([
        ['bob', 'dead-letter.requeue', 'dlq:0:5', 'failed', '10.0.0.7', { count: 1 }],
        ['ada', 'login', '', 'ok', '10.0.0.7', { count: 1 }],
      ]);
      expect(nextCursor).toBeNull();
      await log.close();
      log = (await harness.open(at)).log;
      expect((await log.list(query({}))).items).toHaveLength(2);
    });

    it('filters by actor, action, target, result and time, and pages through a cursor', async () => {
      log = (await harness.open()).log;
      for (let i = 0; i < 5; i++) await log.append(entry(i % 2 === 0 ? 'ada' : 'bob', 'replay', `t${i}`, i === 4 ? 'refused' : 'ok'));
      const l = log;
      const names = async (q: Record<string, unknown>) => (await l.list(query(q))).items.map((i) => i.target);
      expect(await names({ actor: 'ada' })).toEqual(['t4', 't2', 't0']);
      expect(await names({ result: 'refused' })).toEqual(['t4']);
      expect(await names({ target: 't3' })).toEqual(['t3']);
      expect(await names({ action: 'login' })).toEqual([]);
      expect(await names({ from: '2000-01-01T00:00:00Z', to: '2999-01-01T00:00:00+02:00' })).toHaveLength(5);
      expect(await names({ to: '2000-01-01T00:00:00Z' })).toEqual([]);
      const page1 = await log.list(query({ limit: 2 }));
      expect(page1.items.map((i) => i.target)).toEqual(['t4', 't3']);
      const page2 = await log.list(query({ limit: 2, cursor: page1.nextCursor }));
      const page3 = await log.list(query({ limit: 2, cursor: page2.nextCursor }));
      expect([...page2.items, ...page3.items].map((i) => i.target)).toEqual(['t2', 't1', 't0']);
      expect(page3.nextCursor).toBeNull();
      await expect(log.list(query({ cursor: 'nonsense' }))).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    });

    it('refuses to update or delete an entry, even through another connection', async () => {
      const { log: opened, at } = await harness.open();
      log = opened;
      await log.append(entry('ada', 'login', ''));
      await expect(harness.tamper(at, "UPDATE audit_entries SET actor_name = 'mallory'")).rejects.toThrow(/append-only/);
      await expect(harness.tamper(at, 'DELETE FROM audit_entries')).rejects.toThrow(/append-only/);
      expect((await log.list(query({}))).items.map((i) => i.actor.name)).toEqual(['ada']);
    });
  });

  describe('exporting the audit log', () => {
    it('collects every entry of the filters across pages, newest first, up to a limit', async () => {
      log = (await harness.open()).log;
      for (let i = 0; i < 25; i++) await log.append(entry(i % 5 === 0 ? 'ada' : 'bob', 'replay', `t${i}`));
      const all = await collectAuditEntries(log, query({ limit: 3, cursor: '99999' }), { pageSize: 10 });
      expect(all.items.map((i) => i.target)).toEqual(Array.from({ length: 25 }, (_, i) => `t${24 - i}`));
      expect(all.truncated).toBe(false);
      const ada = await collectAuditEntries(log, query({ actor: 'ada' }), { pageSize: 2 });
      expect(ada.items.map((i) => i.target)).toEqual(['t20', 't15', 't10', 't5', 't0']);
      const capped = await collectAuditEntries(log, query({}), { limit: 15, pageSize: 10 });
      expect(capped).toMatchObject({ truncated: true });
      expect(capped.items).toHaveLength(15);
      expect(exportFileName(new Date('2026-11-23T10:11:12.345Z'))).toBe('eventy-lens-audit-2026-11-23T10-11-12-345Z.json');
    });
  });
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openParkLog, type NewPark } from './park-log';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lens-park-log-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

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

describe('the park log', () => {
  it('keeps one park per record and group: a second claim answers the first row', () => {
    const log = openParkLog(dir, 'claims.sqlite');
    expect(log.claim(park())).toMatchObject({ created: true, row: { id: 'p1', state: 'pending', deadLetterId: null, dlqSearchFrom: 10 } });
    expect(log.claim(park({ id: 'p2', parkedBy: 'bob' }))).toMatchObject({ created: false, row: { id: 'p1', parkedBy: 'alice' } });
    expect(log.claim(park({ id: 'p3', groupId: 'other' })).created).toBe(true);
    log.close();
  });

  it('moves a park through copied, parked and undone, and keeps it across a reopen', () => {
    const log = openParkLog(dir, 'states.sqlite');
    log.claim(park());
    log.markCopied('p1', 17);
    expect(log.get('p1')).toMatchObject({ state: 'copied', deadLetterId: 'orders-events.dlq:1:17' });
    log.markParked('p1', '2026-11-23T10:00:05.000Z');
    log.markUndone('p1', 'bob', '2026-11-23T10:01:00.000Z');
    log.close();
    const reopened = openParkLog(dir, 'states.sqlite');
    expect(reopened.find('audit-log', 'orders-events', 1, 42)).toMatchObject({ state: 'undone', undoneBy: 'bob', parkedAt: '2026-11-23T10:00:05.000Z' });
    // parking again after an undo keeps the copy and clears the undo
    reopened.markParked('p1', '2026-11-23T10:02:00.000Z');
    expect(reopened.get('p1')).toMatchObject({ state: 'parked', undoneBy: null, undoneAt: null, deadLetterId: 'orders-events.dlq:1:17' });
    reopened.close();
  });

  it('lists newest first, filtered by group and topic', () => {
    const log = openParkLog(dir, 'list.sqlite');
    log.claim(park({ id: 'a', offset: 1, createdAt: '2026-11-23T10:00:00.000Z' }));
    log.claim(park({ id: 'b', offset: 2, createdAt: '2026-11-23T11:00:00.000Z' }));
    log.claim(park({ id: 'c', offset: 3, groupId: 'billing', topic: 'billing-requests', createdAt: '2026-11-23T12:00:00.000Z' }));
    expect(log.list({ limit: 10 }).map((p) => p.id)).toEqual(['c', 'b', 'a']);
    expect(log.list({ group: 'audit-log', limit: 10 }).map((p) => p.id)).toEqual(['b', 'a']);
    expect(log.list({ topic: 'billing-requests', limit: 10 }).map((p) => p.id)).toEqual(['c']);
    expect(log.list({ limit: 1 }).map((p) => p.id)).toEqual(['c']);
    log.close();
  });
});

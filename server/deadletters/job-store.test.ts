import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createJobStore } from './job-store';
import { openRequeueLog } from './requeue-log';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function openLog() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lens-jobs-'));
  dirs.push(dir);
  return { dir, log: openRequeueLog(dir) };
}

describe('job store', () => {
  it('counts progress from the items and lists the reasons of skipped ones', () => {
    const { log } = openLog();
    try {
      const jobs = createJobStore(log);
      const job = jobs.create({ kind: 'requeue', description: '3 dead letters → orders', params: { topic: 'orders' }, items: ['a:0:1', 'a:0:2', 'a:0:3'], createdBy: 'alice' });
      expect(jobs.pendingItems(job.id, 2)).toEqual([
        { seq: 0, sourceId: 'a:0:1' },
        { seq: 1, sourceId: 'a:0:2' },
      ]);
      log.transaction(() => jobs.markItems(job.id, [{ seq: 0, state: 'done' }, { seq: 1, state: 'skipped', reason: 'failed again' }]));
      jobs.setState(job.id, 'running');
      expect(jobs.view(job.id)).toMatchObject({ state: 'running', total: 3, done: 1, skipped: 1, failed: 0, errors: [{ id: 'a:0:2', reason: 'failed again' }], finishedAt: null });
      expect(jobs.get(job.id)?.params).toEqual({ topic: 'orders' });
      jobs.setState(job.id, 'done');
      expect(jobs.view(job.id)?.finishedAt).not.toBeNull();
    } finally {
      log.close();
    }
  });

  it('marks jobs a crash left running as interrupted when the log is opened again', () => {
    const { dir, log } = openLog();
    const jobs = createJobStore(log);
    const running = jobs.create({ kind: 'replay', description: 'x', params: {}, items: ['t:0:0'], createdBy: 'bob' });
    jobs.setState(running.id, 'running');
    const done = jobs.create({ kind: 'replay', description: 'y', params: {}, items: [], createdBy: 'bob' });
    jobs.setState(done.id, 'done');
    log.close();
    const reopened = openRequeueLog(dir);
    try {
      const again = createJobStore(reopened);
      expect(again.interruptUnfinished()).toEqual([running.id]);
      expect(again.list(10).map((j) => [j.description, j.state])).toEqual(expect.arrayContaining([['x', 'interrupted'], ['y', 'done']]));
    } finally {
      reopened.close();
    }
  });
});

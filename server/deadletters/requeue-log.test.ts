import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRequeueLog, toRequeueStatus, type SendClaim } from './requeue-log';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lens-requeue-log-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

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

describe('requeue log', () => {
  it('refuses a second claim for the same dead letter and answers the first one', () => {
    const log = openRequeueLog(tempDir());
    try {
      expect(log.transaction(() => log.claim([claimOf('orders.dlq:0:5', 'r-1')]))).toEqual(new Map());
      const existing = log.transaction(() => log.claim([claimOf('orders.dlq:0:5', 'r-2'), claimOf('orders.dlq:0:6', 'r-3')]));
      expect([...existing.keys()]).toEqual(['orders.dlq:0:5']);
      expect(existing.get('orders.dlq:0:5')).toMatchObject({ sendId: 'r-1', state: 'pending', highWatermark: 40, targetOffset: null });
      expect(log.pendingRows().map((r) => r.key)).toEqual(['orders.dlq:0:5', 'orders.dlq:0:6']);
    } finally {
      log.close();
    }
  });

  it('keeps the record to produce until it is marked requeued, across a reopen', () => {
    const dir = tempDir();
    const first = openRequeueLog(dir);
    first.transaction(() => first.claim([claimOf('orders.dlq:0:5', 'r-1')]));
    first.close();
    const log = openRequeueLog(dir);
    try {
      const pending = log.rows(['orders.dlq:0:5']).get('orders.dlq:0:5')!;
      expect(pending.record).toEqual(claimOf('x', 'y').record);
      log.transaction(() => log.markRequeued([{ key: 'orders.dlq:0:5', offset: 41 }]));
      const done = log.rows(['orders.dlq:0:5']).get('orders.dlq:0:5')!;
      expect(done.record).toBeNull();
      expect(toRequeueStatus(done)).toMatchObject({ state: 'requeued', requeueId: 'r-1', target: 'orders-events:1:41', targetTopic: 'orders-events', by: 'alice', edited: false });
      expect(log.pendingRows()).toEqual([]);
    } finally {
      log.close();
    }
  });
});

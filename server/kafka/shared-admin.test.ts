import { afterEach, describe, expect, it } from 'vitest';
import type { KafkaAdmin } from './contract';
import { closeSharedAdmin, withSharedAdmin } from './shared-admin';

/** A stand-in admin that only records whether it was closed: the point here is who closes the shared connection when. */
function fakeKafka() {
  const admins: { closed: boolean }[] = [];
  return {
    admins,
    connectAdmin: () => {
      const state = { closed: false };
      admins.push(state);
      return Promise.resolve({ close: () => Promise.resolve(void (state.closed = true)) } as unknown as KafkaAdmin);
    },
  };
}

afterEach(() => closeSharedAdmin());

describe('withSharedAdmin', () => {
  it('shares one connection, and after a failure connects afresh without cutting off calls still running on the old one', async () => {
    const kafka = fakeKafka();
    let finishSlow: () => void = () => undefined;
    const slow = withSharedAdmin(kafka, () => new Promise<string>((resolve) => (finishSlow = () => resolve('slow done'))));
    await expect(withSharedAdmin(kafka, () => Promise.reject(new Error('topic deleted')))).rejects.toThrow('topic deleted');
    expect(kafka.admins).toHaveLength(1);
    expect(kafka.admins[0]!.closed).toBe(false); // the slow call still uses it
    await expect(withSharedAdmin(kafka, () => Promise.resolve('fresh'))).resolves.toBe('fresh');
    expect(kafka.admins).toHaveLength(2);
    finishSlow();
    await expect(slow).resolves.toBe('slow done');
    await new Promise((resolve) => setImmediate(resolve));
    expect(kafka.admins.map((a) => a.closed)).toEqual([true, false]);
  });
});

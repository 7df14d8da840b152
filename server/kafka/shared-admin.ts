import type { KafkaAdmin } from './contract';

const adminKey = Symbol.for('eventy-lens.shared-admin');

/** One admin connection and how many calls are using it. */
interface SharedAdmin {
  admin: Promise<KafkaAdmin>;
  users: number;
  /** replaced after a failure: closed once its last user is done */
  retired: boolean;
}

type GlobalWithAdmin = typeof globalThis & { [adminKey]?: SharedAdmin };

function closeWhenIdle(shared: SharedAdmin): void {
  if (shared.retired && shared.users === 0) void shared.admin.then((a) => a.close()).catch(() => undefined);
}

/**
 * Runs `work` on one admin connection kept for the process (on globalThis, so route bundles share it).
 * A failure retires that connection: the next call connects afresh, and the old one is closed once the
 * calls still using it are done. (Closing it at once cut off every other user mid-request: one lag sample
 * failing on a topic deleted under it made the trace API's consumer-group read fail with "write after end".)
 */
export async function withSharedAdmin<T>(kafka: { connectAdmin(): Promise<KafkaAdmin> }, work: (admin: KafkaAdmin) => Promise<T>): Promise<T> {
  const holder = globalThis as GlobalWithAdmin;
  const shared = (holder[adminKey] ??= { admin: kafka.connectAdmin(), users: 0, retired: false });
  shared.users++;
  try {
    return await work(await shared.admin);
  } catch (error) {
    if (holder[adminKey] === shared) delete holder[adminKey];
    shared.retired = true;
    throw error;
  } finally {
    shared.users--;
    closeWhenIdle(shared);
  }
}

/** Closes the shared admin connection, if any (tests and shutdown). */
export async function closeSharedAdmin(): Promise<void> {
  const holder = globalThis as GlobalWithAdmin;
  const shared = holder[adminKey];
  delete holder[adminKey];
  await shared?.admin.then((a) => a.close()).catch(() => undefined);
}

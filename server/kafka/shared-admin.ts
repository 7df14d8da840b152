import type { KafkaAdmin } from './contract';

const adminKey = Symbol.for('eventy-lens.shared-admin');
const slotPrefix = 'eventy-lens.shared-admin.';

/** One admin connection and how many calls are using it. */
interface SharedAdmin {
  admin: Promise<KafkaAdmin>;
  users: number;
  /** replaced after a failure: closed once its last user is done */
  retired: boolean;
}

type GlobalWithAdmin = typeof globalThis & { [key: symbol]: SharedAdmin | undefined };

/** The connection of one slot: `default` for most callers; a slot of its own keeps a caller away from others' metadata. */
function slotKey(slot: string): symbol {
  return slot === 'default' ? adminKey : Symbol.for(`${slotPrefix}${slot}`);
}

function closeWhenIdle(shared: SharedAdmin): void {
  if (shared.retired && shared.users === 0) void shared.admin.then((a) => a.close()).catch(() => undefined);
}

/**
 * Runs `work` on one admin connection kept for the process (on globalThis, so route bundles share it).
 * A failure retires that connection: the next call connects afresh, and the old one is closed once the
 * calls still using it are done. (Closing it at once cut off every other user mid-request: one lag sample
 * failing on a topic deleted under it made the trace API's consumer-group read fail with "write after end".)
 */
export async function withSharedAdmin<T>(kafka: { connectAdmin(): Promise<KafkaAdmin> }, work: (admin: KafkaAdmin) => Promise<T>, slot = 'default'): Promise<T> {
  const holder = globalThis as GlobalWithAdmin;
  const key = slotKey(slot);
  const shared = (holder[key] ??= { admin: kafka.connectAdmin(), users: 0, retired: false });
  shared.users++;
  try {
    return await work(await shared.admin);
  } catch (error) {
    if (holder[key] === shared) delete holder[key];
    shared.retired = true;
    throw error;
  } finally {
    shared.users--;
    closeWhenIdle(shared);
  }
}

/** Closes the shared admin connections of every slot, if any (tests and shutdown). */
export async function closeSharedAdmin(): Promise<void> {
  const holder = globalThis as GlobalWithAdmin;
  const keys = Object.getOwnPropertySymbols(holder).filter((key) => key === adminKey || (key.description ?? '').startsWith(slotPrefix));
  await Promise.all(
    keys.map(async (key) => {
      const shared = holder[key];
      delete holder[key];
      await shared?.admin.then((a) => a.close()).catch(() => undefined);
    }),
  );
}

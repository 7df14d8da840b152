import type { KafkaAdmin } from './contract';

const adminKey = Symbol.for('eventy-lens.shared-admin');
type GlobalWithAdmin = typeof globalThis & { [adminKey]?: Promise<KafkaAdmin> };

/**
 * Runs `work` on one admin connection kept for the process (on globalThis, so route bundles share it);
 * a failure drops and closes that connection so the next call connects afresh.
 */
export async function withSharedAdmin<T>(kafka: { connectAdmin(): Promise<KafkaAdmin> }, work: (admin: KafkaAdmin) => Promise<T>): Promise<T> {
  const holder = globalThis as GlobalWithAdmin;
  const admin = (holder[adminKey] ??= kafka.connectAdmin());
  try {
    return await work(await admin);
  } catch (error) {
    if (holder[adminKey] === admin) delete holder[adminKey];
    void admin.then((a) => a.close()).catch(() => undefined);
    throw error;
  }
}

/** Closes the shared admin connection, if any (tests and shutdown). */
export async function closeSharedAdmin(): Promise<void> {
  const holder = globalThis as GlobalWithAdmin;
  const admin = holder[adminKey];
  delete holder[adminKey];
  await admin?.then((a) => a.close()).catch(() => undefined);
}

import type { KafkaAccess, KafkaAdmin } from './index';

export interface BrokerProbeResult {
  reachable: boolean;
  topicCount: number | null;
  latencyMs: number;
  error: string | null;
}

/** Asks the broker for its topic list over one reused admin connection, giving up after `timeoutMs`. */
export function createBrokerProbe(kafka: KafkaAccess, timeoutMs = 2_000): () => Promise<BrokerProbeResult> {
  let admin: Promise<KafkaAdmin> | null = null;
  return async () => {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      admin ??= kafka.connectAdmin();
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer from the broker within ${timeoutMs} ms`)), timeoutMs);
      });
      const topics = await Promise.race([admin.then((a) => a.listTopics()), timeout]);
      return { reachable: true, topicCount: topics.length, latencyMs: Date.now() - started, error: null };
    } catch (error) {
      const stale = admin;
      admin = null;
      void stale?.then((a) => a.close()).catch(() => undefined);
      return { reachable: false, topicCount: null, latencyMs: Date.now() - started, error: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  };
}

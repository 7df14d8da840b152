import type { KafkaAccess } from './index';
import { withSharedAdmin } from './shared-admin';

export interface BrokerProbeResult {
  reachable: boolean;
  topicCount: number | null;
  latencyMs: number;
  error: string | null;
}

/** Asks the broker for its topic list over the process's shared admin connection, giving up after `timeoutMs`. */
export async function probeBroker(kafka: Pick<KafkaAccess, 'connectAdmin'>, timeoutMs = 2_000): Promise<BrokerProbeResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from the broker within ${timeoutMs} ms`)), timeoutMs);
    });
    const topics = await Promise.race([withSharedAdmin(kafka, (admin) => admin.listTopics()), timeout]);
    return { reachable: true, topicCount: topics.length, latencyMs: elapsed(), error: null };
  } catch (error) {
    return { reachable: false, topicCount: null, latencyMs: elapsed(), error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

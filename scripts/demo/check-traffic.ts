/** Checks what the demo wrote: `tsx scripts/demo/check-traffic.ts`. Topics, the five service groups' commits and lag, and how the records decode. */
import { loadConfig } from '../../server/config';
import { decodeEventyValue } from '../../server/decode';
import { createKafkaAccess, type KafkaAdmin } from '../../server/kafka';
import { shopTopics } from './shop-topics';

const say = (line: string) => process.stdout.write(`${line}\n`);
const serviceGroups = ['orders', 'billing', 'inventory', 'shipping', 'notifications'];
// its own group, never a service's (doc §3.3); new each run, since a group resumes from its commits
const checkGroup = () => `eventy-lens-demo-check-${Date.now()}`;

async function describeGroups(admin: KafkaAdmin, highs: Map<string, number>): Promise<boolean> {
  let ok = true;
  for (const group of serviceGroups) {
    const committed = (await admin.fetchCommittedOffsets(group, [...shopTopics])).filter((c) => c.offset !== null);
    const topics = [...new Set(committed.map((c) => c.topic))].sort();
    const lag = committed.reduce((sum, c) => sum + Math.max((highs.get(`${c.topic}/${c.partition}`) ?? 0) - c.offset!, 0), 0);
    say(`group ${group}: committed on ${committed.length} partition(s) of ${topics.join(', ') || 'nothing'}; lag ${lag}`);
    if (committed.length === 0) ok = false;
  }
  return ok;
}

async function decodeAll(total: number): Promise<Map<string, number>> {
  const byKind = new Map<string, number>();
  let seen = 0;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const consumer = createKafkaAccess(loadConfig().kafka, '-demo-check').createBatchConsumer({
    groupId: checkGroup(),
    topics: [...shopTopics],
    fromBeginning: true,
    onBatch: (batch) => {
      for (const message of batch.messages) {
        const decoded = decodeEventyValue(message.value);
        const key = decoded.kind === 'undecodable' ? `undecodable (${decoded.reason.slice(0, 60)})` : `${decoded.kind}${decoded.warnings.length ? ' with warnings' : ''}`;
        byKind.set(key, (byKind.get(key) ?? 0) + 1);
      }
      seen += batch.messages.length;
      if (seen >= total) resolveDone();
      return Promise.resolve();
    },
  });
  await consumer.start();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([done, new Promise((resolve) => (timer = setTimeout(resolve, 60_000)))]);
  clearTimeout(timer);
  await consumer.stop();
  return byKind;
}

async function main(): Promise<void> {
  const admin = await createKafkaAccess(loadConfig().kafka, '-demo-check').connectAdmin();
  try {
    const existing = new Set(await admin.listTopics());
    const highs = new Map<string, number>();
    let total = 0;
    for (const topic of shopTopics) {
      if (!existing.has(topic)) {
        say(`topic ${topic}: MISSING`);
        continue;
      }
      const offsets = await admin.fetchTopicOffsets(topic);
      offsets.forEach((o) => highs.set(`${topic}/${o.partition}`, o.high));
      const count = offsets.reduce((sum, o) => sum + o.high - o.low, 0);
      total += count;
      say(`topic ${topic}: ${offsets.length} partition(s), ${count} record(s)`);
    }
    const groupsOk = await describeGroups(admin, highs);
    // a long history would take long to read: stop after 200k records
    const byKind = await decodeAll(Math.min(total, 200_000));
    say(`decoded: ${[...byKind.entries()].map(([k, n]) => `${k}=${n}`).join(', ')}`);
    process.exitCode = groupsOk && existing.size > 0 ? 0 : 1;
  } finally {
    await admin.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`check: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

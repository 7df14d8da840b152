/** Runs one simulated service: a few consumer instances in the service's own group, each reacting to records like an eventy worker. */
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeEventyValue } from '../../../server/decode';
import type { BatchConsumer, ConsumedMessage, KafkaAccess } from '../../../server/kafka';
import { createLogger } from '../../../server/telemetry/logger';
import { between, type Rng } from '../random-source';
import type { TrafficStats } from '../traffic-stats';
import type { RecordWriter } from './record-writer';
import { matchingHandler, subscribedTopics, type LaterWork, type ShopOutput, type ShopService } from './shop-service';

export interface ParticipantDeps {
  /** one Kafka client per instance, so each shows up with its own client id like a pod */
  accessFor(instance: number): KafkaAccess;
  writer: RecordWriter;
  rng: Rng;
  stats: TrafficStats;
  instances: number;
}

export interface RunningParticipant {
  stop(): Promise<void>;
}

export async function startParticipant(service: ShopService, deps: ParticipantDeps): Promise<RunningParticipant> {
  const log = createLogger(`demo-${service.name}`);
  const timers = new Set<NodeJS.Timeout>();
  let stopping = false;

  const writeAll = async (outputs: readonly ShopOutput[]) => {
    for (const output of outputs) await deps.writer.write(output);
  };

  const schedule = (work: LaterWork) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stopping) return;
      writeAll(work.run(Date.now())).catch((error: unknown) => log.error('deferred write failed', { error }));
    }, work.afterMs);
    timers.add(timer);
  };

  // Outputs are written before the batch resolves, so the group's commit passes an input only after its outputs exist.
  const handle = async (message: ConsumedMessage) => {
    const decoded = decodeEventyValue(message.value);
    if (decoded.kind === 'undecodable') {
      deps.stats.recordSkipped();
      log.debug('skipping an undecodable record', { topic: message.topic, partition: message.partition, offset: message.offset, reason: decoded.reason });
      return;
    }
    const handler = matchingHandler(service, message.topic, decoded.record);
    if (!handler) return;
    await sleep(between(deps.rng, handler.workMs[0], handler.workMs[1]));
    const reaction = handler.react(decoded.record, Date.now());
    await writeAll(reaction.outputs);
    reaction.later?.forEach(schedule);
  };

  const consumers: BatchConsumer[] = Array.from({ length: deps.instances }, (_, instance) =>
    deps.accessFor(instance).createBatchConsumer({
      groupId: service.name,
      topics: subscribedTopics(service),
      fromBeginning: true,
      onBatch: async (batch) => {
        await Promise.all(batch.messages.map(handle));
      },
      onEvent: (event) => {
        if (event.type === 'crashed') log.warn('consumer crashed', { error: event.error, willRestart: event.willRestart });
      },
    }),
  );
  await Promise.all(consumers.map((c) => c.start()));

  return {
    async stop() {
      stopping = true;
      timers.forEach(clearTimeout);
      timers.clear();
      await Promise.all(consumers.map((c) => c.stop()));
    },
  };
}

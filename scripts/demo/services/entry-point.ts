/** A simulated HTTP endpoint: requests arrive at random (Poisson) times and each writes records outside any handler. */
import { createLogger } from '../../../server/telemetry/logger';
import { poissonGapMs, type Rng } from '../random-source';
import type { RecordWriter } from './record-writer';
import type { ShopOutput } from './shop-service';

export interface EntryPoint {
  stop(): Promise<void>;
}

export function startEntryPoint(name: string, perSecond: number, rng: Rng, writer: RecordWriter, serve: (now: number) => ShopOutput[]): EntryPoint {
  const log = createLogger(`demo-${name}`);
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const serveOne = async () => {
    for (const output of serve(Date.now())) await writer.write(output);
  };

  const tick = () => {
    if (stopped) return;
    const request = serveOne().catch((error: unknown) => log.error('request failed', { error }));
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
    timer = setTimeout(tick, poissonGapMs(rng, perSecond));
  };
  timer = setTimeout(tick, poissonGapMs(rng, perSecond));

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await Promise.all(inFlight);
    },
  };
}

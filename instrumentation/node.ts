import { prepareAuthSettings } from '@/server/auth/auth-state';
import { distrustForwardedHeaders } from '@/server/auth/forwarded-headers';
import { ConfigError } from '@/server/config';
import { getLensRuntime } from '@/server/runtime';
import { closeLensRuntime } from '@/server/runtime/create-runtime';
import { watchEventLoop } from '@/server/telemetry/event-loop-watch';
import { createLogger } from '@/server/telemetry/logger';
import { installGracefulShutdown } from './shutdown';

const log = createLogger('shutdown');

/** Validates the configuration (a bad value stops the server with the variable's name), starts the collector, the lag sampler and retention. */
export async function startNodeRuntime(): Promise<void> {
  try {
    const runtime = getLensRuntime();
    // users and tokens files and the session secret: a bad file stops the server now, not at the first request
    if (!(await prepareAuthSettings()).trustProxy) distrustForwardedHeaders();
    runtime.collector.start();
    runtime.lagSampler.start();
    runtime.retention.start();
    watchEventLoop();
    if (process.env.NEXT_MANUAL_SIG_HANDLE) {
      installGracefulShutdown(process, {
        close: async () => {
          log.info('stopping: leaving the consumer group, flushing spans, closing the store');
          await closeLensRuntime(runtime);
        },
        timeoutMs: 15_000,
        onError: (error) => log.error('shutdown failed', { error }),
      });
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

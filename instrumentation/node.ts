import { ConfigError } from '@/server/config';
import { getLensRuntime } from '@/server/runtime';

/** Validates the configuration (a bad value stops the server with the variable's name), starts the collector and the lag sampler. */
export function startNodeRuntime(): void {
  try {
    const runtime = getLensRuntime();
    runtime.collector.start();
    runtime.lagSampler.start();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

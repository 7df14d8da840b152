import { ConfigError } from '@/server/config';
import { getLensRuntime } from '@/server/runtime';

/** Validates the configuration (a bad value stops the server with the variable's name) and starts the collector. */
export function startNodeRuntime(): void {
  try {
    getLensRuntime().collector.start();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** Runs the collector without the dashboard: `tsx scripts/collector/run-collector.ts`. Several of these share partitions through their consumer group. */
import { ConfigError, loadConfig } from '../../server/config';
import { closeLensRuntime, createLensRuntime } from '../../server/runtime/create-runtime';

function main(): void {
  let runtime;
  try {
    runtime = createLensRuntime(loadConfig());
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const live = runtime;
  live.collector.start();
  const statusEveryMs = Number(process.env.LENS_STATUS_EVERY_MS ?? 0);
  const timer = statusEveryMs > 0 ? setInterval(() => process.stdout.write(`${JSON.stringify(live.collector.status())}\n`), statusEveryMs) : null;
  const shutdown = (signal: string) => {
    process.stderr.write(`collector: ${signal}, stopping\n`);
    if (timer) clearInterval(timer);
    closeLensRuntime(live).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main();

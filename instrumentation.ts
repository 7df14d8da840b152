/** Next.js start-up hook: the collector and telemetry run on the Node.js runtime only. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startNodeRuntime } = await import('./instrumentation/node');
    await startNodeRuntime();
  }
}

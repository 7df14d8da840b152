import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.E2E_JSON_REPORT
    ? [['list'], ['json', { outputFile: process.env.E2E_JSON_REPORT }]]
    : [['list']],
  use: {
    baseURL,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    command: `next start -H 127.0.0.1 -p ${port}`,
    url: `${baseURL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      LENS_DATA_DIR: process.env.E2E_DATA_DIR ?? '.tmp/e2e-data',
      LENS_TOPICS: '^e2e-',
      LENS_GROUP_ID: `eventy-lens-e2e-${Date.now()}`,
      LENS_TOPIC_REFRESH_MS: '2000',
      // lag.spec.ts waits for a partition to turn stuck and falling behind
      LENS_LAG_SAMPLE_MS: '1000',
      LENS_LAG_STUCK_MS: '4000',
      LENS_LOG_LEVEL: 'warn',
      // the app closes its runtime on SIGTERM (collector leaves its group) instead of Next.js exiting at once
      NEXT_MANUAL_SIG_HANDLE: 'true',
    },
  },
});

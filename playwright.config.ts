import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
// the loopback address both servers listen on (LENS_HOST); the second one has users and API tokens (e2e/auth.spec.ts)
const host = process.env.LENS_HOST ?? '127.0.0.1';
const authPort = port + 1;

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
  webServer: [
    {
      command: `next start -H ${host} -p ${port}`,
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
    {
      command: `next start -H ${host} -p ${authPort}`,
      url: `http://127.0.0.1:${authPort}/api/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        LENS_HOST: host,
        LENS_DATA_DIR: `${process.env.E2E_DATA_DIR ?? '.tmp/e2e-data'}-auth`,
        LENS_TOPICS: '^e2e-auth-',
        LENS_GROUP_ID: `eventy-lens-e2e-auth-${Date.now()}`,
        LENS_AUTH_USERS_FILE: 'e2e/fixtures/auth-users.json',
        LENS_API_TOKENS_FILE: 'e2e/fixtures/auth-tokens.json',
        LENS_LOG_LEVEL: 'warn',
        NEXT_MANUAL_SIG_HANDLE: 'true',
      },
    },
  ],
});

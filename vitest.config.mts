import { defineConfig } from 'vitest/config';

// integration: a real Kafka broker (*.kafka.test.ts) or PostgreSQL server (*.pg.test.ts), started by `npm test`
const slow = ['**/*.kafka.test.ts', '**/*.pg.test.ts', '**/*.interop.test.ts'];

export default defineConfig({
  resolve: { alias: { '@': new URL('.', import.meta.url).pathname } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['server/**/*.test.ts', 'scripts/**/*.test.ts', 'app/**/*.test.ts', 'instrumentation/**/*.test.ts'], exclude: ['**/node_modules/**', '.tmp/**', ...slow] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['**/*.kafka.test.ts', '**/*.pg.test.ts'],
          exclude: ['**/node_modules/**', '.tmp/**'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'interop',
          include: ['**/*.interop.test.ts'],
          exclude: ['**/node_modules/**', '.tmp/**'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

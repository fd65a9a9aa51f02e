import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';

const packageSource = (dir: string): string =>
  fileURLToPath(new URL(`./packages/${dir}/src/index.ts`, import.meta.url));

/**
 * Settings every test configuration shares.
 *
 * Workspace packages resolve to their TypeScript sources, so tests never run against a stale build.
 * Console interception is off and each test file runs in its own process: Powertools writes JSON to
 * `process.stdout`, and the durable harness captures exactly that stream.
 */
export const sharedConfig: ViteUserConfig = {
  resolve: {
    alias: {
      '@durable-powertools/commons': packageSource('commons'),
      '@durable-powertools/logger': packageSource('durable-logger'),
      '@durable-powertools/metrics': packageSource('durable-metrics'),
      '@durable-powertools/idempotency': packageSource('durable-idempotency'),
      '@durable-powertools/tracer': packageSource('durable-tracer'),
      '@durable-powertools/opentelemetry': packageSource('durable-opentelemetry'),
      '@durable-powertools/testing': packageSource('durable-testing'),
    },
  },
  test: {
    pool: 'forks',
    disableConsoleIntercept: true,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
};

import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';

const packageSource = (dir: string, file = 'index.ts'): string =>
  fileURLToPath(new URL(`./packages/${dir}/src/${file}`, import.meta.url));

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
      // Subpaths first: an alias also matches everything under its name.
      '@durable-powertools/commons/plugin': packageSource('durable-commons', 'plugin.ts'),
      '@durable-powertools/commons': packageSource('durable-commons'),
      '@durable-powertools/logger': packageSource('durable-logger'),
      '@durable-powertools/metrics': packageSource('durable-metrics'),
      '@durable-powertools/idempotency': packageSource('durable-idempotency'),
      '@durable-powertools/tracer': packageSource('durable-tracer'),
      '@durable-powertools/opentelemetry': packageSource('durable-opentelemetry'),
      '@durable-powertools/batch': packageSource('durable-batch'),
      // Subpaths before their package: aliases match by prefix, first entry wins.
      '@durable-powertools/testing/matchers': fileURLToPath(
        new URL('./packages/durable-testing/src/matchers.ts', import.meta.url),
      ),
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

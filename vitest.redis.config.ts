import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from './vitest.shared.js';

/** Tests that need a `redis-server` binary on the PATH (Debian package `redis-server`). */
export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: { include: ['packages/*/tests/**/*.redis.test.ts'] },
  }),
);

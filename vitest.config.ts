import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from './vitest.shared.js';

export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      include: [
        'packages/*/tests/**/*.test.ts',
        'examples/*/tests/**/*.test.ts',
        'tests/**/*.test.ts',
      ],
      exclude: ['**/*.redis.test.ts', '**/node_modules/**'],
    },
  }),
);

import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from './vitest.shared.js';

/**
 * Tests that drive a real browser: headless Chromium from Debian (`apt-get install chromium`,
 * `/usr/bin/chromium`; override with `CHROMIUM_PATH`), through `playwright-core`, which never
 * downloads a browser of its own.
 */
export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      include: ['packages/*/tests/**/*.browser.test.ts', 'examples/*/tests/**/*.browser.test.ts'],
    },
  }),
);

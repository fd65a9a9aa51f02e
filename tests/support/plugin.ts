import type { DurableExecutionConfig } from '@aws/durable-execution-sdk-js';
import {
  DurablePowertoolsPlugin,
  durableExecutionPluginProvider,
} from '@durable-powertools/commons';

const PROVIDER_SYMBOL = Symbol.for('@durable-powertools/tests.pluginProvider');
const PROVIDER_MODULE = new URL('./pluginProvider.mjs', import.meta.url).pathname;

/**
 * Builds a handler with `DURABLE_EXECUTION_PLUGINS` naming a module that exports the sources'
 * `durableExecutionPluginProvider`: how middy's durable mode (which passes the SDK no config) gets the
 * suite's plugin. The SDK reads the variable when `withDurableExecution` is called.
 */
export const withPluginFromEnvironment = <T>(build: () => T): T => {
  (globalThis as Record<symbol, unknown>)[PROVIDER_SYMBOL] = durableExecutionPluginProvider;
  const previous = process.env.DURABLE_EXECUTION_PLUGINS;
  process.env.DURABLE_EXECUTION_PLUGINS = PROVIDER_MODULE;
  try {
    return build();
  } finally {
    if (previous === undefined) delete process.env.DURABLE_EXECUTION_PLUGINS;
    else process.env.DURABLE_EXECUTION_PLUGINS = previous;
  }
};

/** The SDK config with the suite's one plugin. */
export const pluginConfig = (): DurableExecutionConfig => ({
  plugins: [new DurablePowertoolsPlugin()],
});

import {
  DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
  type DurableInstrumentationPluginProvider,
} from '@aws/durable-execution-sdk-js';
import { DurablePowertoolsPlugin } from './durablePowertoolsPlugin.js';

/**
 * What the SDK loads from the module listed in `DURABLE_EXECUTION_PLUGINS`: the one
 * {@link DurablePowertoolsPlugin} of the suite. `@durable-powertools/commons/plugin` and every
 * utility's `/plugin` subpath (`@durable-powertools/metrics/plugin`, …) export this same provider.
 *
 * @example
 * ```sh
 * DURABLE_EXECUTION_PLUGINS=@durable-powertools/commons/plugin
 * ```
 */
export const durableExecutionPluginProvider: DurableInstrumentationPluginProvider<DurablePowertoolsPlugin> =
  {
    pluginApiVersion: DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
    pluginType: DurablePowertoolsPlugin,
    createPlugin: () => new DurablePowertoolsPlugin(),
  };

export { DurablePowertoolsPlugin };

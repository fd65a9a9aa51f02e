import {
  DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
  type DurableInstrumentationPluginProvider,
} from '@aws/durable-execution-sdk-js';
import { DurableTracerPlugin } from './durableTracerPlugin.js';

/**
 * Provider the durable execution SDK loads when `DURABLE_EXECUTION_PLUGINS` lists
 * `@durable-powertools/tracer`: the only way to register a plugin for middy 7's durable mode,
 * which calls `withDurableExecution` without a config. The plugin gets a Tracer of its own,
 * configured from the `POWERTOOLS_*` environment variables; the {@link durableTracer} middleware then
 * applies your Tracer's settings to each invocation.
 *
 * @example
 * ```ts
 * // Lambda environment: DURABLE_EXECUTION_PLUGINS=@durable-powertools/tracer
 * import middy from '@middy/core';
 * import { executionModeDurableContext } from '@middy/core/DurableContext';
 * import { durableTracer } from '@durable-powertools/tracer';
 *
 * export const handler = middy(workflow, { executionMode: executionModeDurableContext })
 *   .use(durableTracer({ tracer }));
 * ```
 */
export const durableExecutionPluginProvider: DurableInstrumentationPluginProvider<DurableTracerPlugin> =
  {
    pluginApiVersion: DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
    pluginType: DurableTracerPlugin,
    createPlugin: () => new DurableTracerPlugin(),
  };

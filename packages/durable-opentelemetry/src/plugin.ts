import {
  DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
  type DurableInstrumentationPluginProvider,
} from '@aws/durable-execution-sdk-js';
import { DurableOpenTelemetryPlugin } from './DurableOpenTelemetryPlugin.js';

/**
 * Provider the durable execution SDK loads when `DURABLE_EXECUTION_PLUGINS` lists
 * `@durable-powertools/opentelemetry`: the way to register the plugin for middy 7's durable mode,
 * which calls `withDurableExecution` without a config. The plugin uses the global tracer provider
 * and reads `DURABLE_TRACE_SAMPLE_RATIO`.
 *
 * @example
 * ```ts
 * // Lambda environment: DURABLE_EXECUTION_PLUGINS=@durable-powertools/opentelemetry
 * import middy from '@middy/core';
 * import { executionModeDurableContext } from '@middy/core/DurableContext';
 *
 * export const handler = middy(workflow, { executionMode: executionModeDurableContext });
 * ```
 */
export const durableExecutionPluginProvider: DurableInstrumentationPluginProvider<DurableOpenTelemetryPlugin> =
  {
    pluginApiVersion: DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
    pluginType: DurableOpenTelemetryPlugin,
    createPlugin: () => new DurableOpenTelemetryPlugin(),
  };

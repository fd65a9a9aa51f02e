/**
 * `@durable-powertools/opentelemetry/plugin`: the module to list in `DURABLE_EXECUTION_PLUGINS`, the
 * suite's one `DurablePowertoolsPlugin` (the same module as `@durable-powertools/commons/plugin`).
 *
 * @example
 * ```sh
 * DURABLE_EXECUTION_PLUGINS=@durable-powertools/opentelemetry/plugin
 * ```
 */
export {
  DurablePowertoolsPlugin,
  durableExecutionPluginProvider,
} from '@durable-powertools/commons/plugin';

/**
 * `@durable-powertools/tracer/plugin`: the module to list in `DURABLE_EXECUTION_PLUGINS`, the suite's
 * one `DurablePowertoolsPlugin` (the same module as `@durable-powertools/commons/plugin`).
 *
 * @example
 * ```sh
 * DURABLE_EXECUTION_PLUGINS=@durable-powertools/commons/plugin
 * ```
 */
export {
  DurablePowertoolsPlugin,
  durableExecutionPluginProvider,
} from '@durable-powertools/commons/plugin';

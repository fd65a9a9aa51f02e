/**
 * The module to list in `DURABLE_EXECUTION_PLUGINS` (middy's durable mode passes the SDK no config):
 * the suite's one `DurablePowertoolsPlugin`, the same module as `@durable-powertools/commons/plugin`.
 *
 * @example
 * ```sh
 * DURABLE_EXECUTION_PLUGINS=@durable-powertools/logger/plugin
 * ```
 */
export {
  DurablePowertoolsPlugin,
  durableExecutionPluginProvider,
} from '@durable-powertools/commons/plugin';

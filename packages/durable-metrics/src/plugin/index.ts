/**
 * `@durable-powertools/metrics/plugin`: kept as an alias of `@durable-powertools/commons/plugin`, the
 * suite's one module for `DURABLE_EXECUTION_PLUGINS`.
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
export { DurableMetricsPlugin } from './DurableMetricsPlugin.js';

/**
 * `@durable-powertools/metrics/plugin`: the suite's one module for `DURABLE_EXECUTION_PLUGINS`, the
 * same as `@durable-powertools/commons/plugin`.
 *
 * @example
 * ```sh
 * DURABLE_EXECUTION_PLUGINS=@durable-powertools/metrics/plugin
 * ```
 *
 * @packageDocumentation
 */
import { DurablePowertoolsPlugin } from '@durable-powertools/commons/plugin';

export {
  DurablePowertoolsPlugin,
  durableExecutionPluginProvider,
} from '@durable-powertools/commons/plugin';
/** @deprecated Use `DurablePowertoolsPlugin`. */
export const DurableMetricsPlugin = DurablePowertoolsPlugin;
/** @deprecated Use `DurablePowertoolsPlugin`. */
export type DurableMetricsPlugin = DurablePowertoolsPlugin;

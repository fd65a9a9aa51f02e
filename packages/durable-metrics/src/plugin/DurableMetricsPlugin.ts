import { DurablePowertoolsPlugin } from '@durable-powertools/commons';

/**
 * The suite's one plugin under its former metrics name: registering `DurablePowertoolsPlugin` (any
 * package re-exports it) does the same for every utility.
 *
 * @deprecated Use `DurablePowertoolsPlugin`: `withDurableExecution(handler, { plugins: [new
 * DurablePowertoolsPlugin()] })`.
 *
 * @example
 * ```ts
 * import { DurablePowertoolsPlugin } from '@durable-powertools/metrics';
 *
 * export const handler = withDurableExecution(middy(workflow).use(durableMetrics({ metrics })), {
 *   plugins: [new DurablePowertoolsPlugin()],
 * });
 * ```
 */
export class DurableMetricsPlugin extends DurablePowertoolsPlugin {}

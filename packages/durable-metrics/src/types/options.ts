import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Dimensions } from '@aws-lambda-powertools/metrics/types';

/**
 * Metrics that describe the workflow itself, published with the completion documents. All opt-in.
 *
 * @example
 * ```ts
 * durableMetrics({ metrics, builtInMetrics: { duration: true, invocations: true, outcome: true } });
 * ```
 */
export interface BuiltInMetricsOptions {
  /** `workflowDuration` (Milliseconds): from the execution's start (checkpoint history) to completion. */
  duration?: boolean;
  /**
   * `workflowInvocations` (Count): invocations the execution took, estimated from the checkpoint
   * history (see the README: exact for workflows that suspend on one thing at a time).
   */
  invocations?: boolean;
  /** `workflowSucceeded` or `workflowFailed` (Count, 1), by how the workflow completed. */
  outcome?: boolean;
}

/**
 * Options of {@link durableMetrics} and {@link withDurableMetrics}: those of Powertools' `logMetrics`,
 * plus the opt-in built-in workflow metrics.
 *
 * Namespace, service and `POWERTOOLS_METRICS_DISABLED` are read by the Powertools `Metrics` instance
 * itself, from its constructor options or from the environment, exactly as without this package.
 *
 * @example
 * ```ts
 * const options: DurableMetricsOptions = {
 *   metrics: new Metrics({ namespace: 'orders', serviceName: 'checkout' }),
 *   captureColdStartMetric: true,
 *   throwOnEmptyMetrics: false,
 *   defaultDimensions: { environment: 'prod' },
 * };
 * ```
 */
export interface DurableMetricsOptions {
  /** The Powertools `Metrics` instance the workflow adds its metrics to. */
  metrics: Metrics;
  /**
   * Publish the `ColdStart` metric (with a `function_name` dimension) in the invocation that was a
   * Lambda cold start, straight away, even if that invocation then suspends. Default `false`.
   */
  captureColdStartMetric?: boolean;
  /** Throw at completion when the workflow added no metrics at all. Default `false`. */
  throwOnEmptyMetrics?: boolean;
  /** Dimensions added to every document, as `logMetrics`' option of the same name. */
  defaultDimensions?: Dimensions;
  /** Built-in workflow metrics published at completion. Default: none. */
  builtInMetrics?: BuiltInMetricsOptions;
}

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
  /**
   * The workflow-metrics pack: `workflowInvocations`, `workflowReplays`, `workflowStepAttempts`,
   * `workflowStepRetries` (Count) and `workflowWallTime`, `workflowSuspendedTime`,
   * `workflowActiveTime` (Milliseconds), once, at completion. See the README for how each is
   * derived. Includes `invocations`.
   * @default false
   */
  workflow?: boolean;
}

/**
 * How step attempts' metrics are grouped into EMF documents (see `attribution` in the options).
 *
 * @example
 * ```ts
 * const attribution: MetricsAttribution = 'operation'; // one document per attempt, with operation_id
 * ```
 */
export type MetricsAttribution = 'invocation' | 'operation';

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
  /**
   * How step attempts' metrics are published. `'invocation'`: every attempt of an invocation
   * shares that invocation's EMF documents (within EMF's 100 metrics and 100 values per metric),
   * published when the invocation ends, with the body's documents in the completing invocation;
   * attribution to the execution (`execution_arn`) is kept, to the operation is not. `'operation'`:
   * each attempt's own documents, with `operation_id`, `operation_name` and `attempt` metadata,
   * published as soon as its code yields (more bytes).
   * @default 'invocation'
   */
  attribution?: MetricsAttribution;
}

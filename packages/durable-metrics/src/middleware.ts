import { METRICS_KEY } from '@aws-lambda-powertools/commons';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import {
  type DurableMiddlewareObj,
  type DurableMiddyRequest,
  internalKey,
  onWorkflowError,
} from '@durable-powertools/commons';
import type { InvocationCollector } from './emf/collector.js';
import type { WorkflowOutcome } from './emf/workflowMetrics.js';
import type { DurableMetricsOptions, DurableMetricsSettings } from './options.js';
import { startInvocation } from './state.js';
import { prepareMetrics } from './wrapper.js';

/** `request.internal` key holding this request's collectors. */
const COLLECTORS_KEY = internalKey('metrics', 'collectors');
const UTILITY = 'durableMetrics()';

/** The middleware `durableMetrics()` returns, with the `Metrics` instance it publishes. */
export interface DurableMetricsMiddleware<TEvent = unknown, TResult = unknown>
  extends DurableMiddlewareObj<TEvent, TResult> {
  /** The first instance given, or the `new Metrics()` built from the environment. */
  readonly metrics: Metrics;
}

/**
 * Middy middleware, the durable counterpart of Powertools' `logMetrics(metrics, options)`: the body's
 * metrics are published once, when the workflow completes; a step attempt's from the invocation it
 * ran in. Needs `DurablePowertoolsPlugin` (else `DurablePluginNotRegisteredError`).
 *
 * @param options - `{ metrics, ...settings }`, or nothing (for `new Metrics()` from the environment)
 * @throws {DurableMetricsOptionError} at once, for an unknown option or a wrong value
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { MetricUnit } from '@aws-lambda-powertools/metrics';
 * import { DurablePowertoolsPlugin, durableMetrics } from '@durable-powertools/metrics';
 * import middy from '@middy/core';
 *
 * const tracking = durableMetrics(); // new Metrics() from POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_SERVICE_NAME
 * export const handler = withDurableExecution(
 *   middy(async (event, context) => {
 *     await context.step('charge', async () => charge(event));
 *     await context.wait({ minutes: 5 });
 *     tracking.metrics.addMetric('ordersCompleted', MetricUnit.Count, 1); // once, at completion
 *   }).use(tracking),
 *   { plugins: [new DurablePowertoolsPlugin()] },
 * );
 * // Powertools' shapes work too: durableMetrics(metrics, { captureColdStartMetric: true }),
 * // durableMetrics([ordersMetrics, billingMetrics]), durableMetrics({ metrics })
 * ```
 */
export function durableMetrics<TEvent = unknown, TResult = unknown>(
  options?: DurableMetricsOptions,
): DurableMetricsMiddleware<TEvent, TResult>;
/**
 * The same middleware, in Powertools' `logMetrics(metrics, options)` shape.
 *
 * @param metrics - a Powertools Metrics instance or an array of them (each published exactly once)
 * @param settings - {@link DurableMetricsSettings}
 */
export function durableMetrics<TEvent = unknown, TResult = unknown>(
  metrics: Metrics | readonly Metrics[],
  settings?: DurableMetricsSettings,
): DurableMetricsMiddleware<TEvent, TResult>;
export function durableMetrics<TEvent = unknown, TResult = unknown>(
  metricsOrOptions?: Metrics | readonly Metrics[] | DurableMetricsOptions,
  settings?: DurableMetricsSettings,
): DurableMetricsMiddleware<TEvent, TResult> {
  const options = prepareMetrics(UTILITY, metricsOrOptions, settings);
  type Request = DurableMiddyRequest<TEvent, TResult>;
  const complete = (outcome: WorkflowOutcome) => (request: Request) => {
    const collectors = request.internal[COLLECTORS_KEY] as InvocationCollector[] | undefined;
    for (const collector of collectors ?? []) collector.complete(outcome); // twice: a no-op
  };
  const before = ({ context, event, internal }: Request): void => {
    internal[COLLECTORS_KEY] = startInvocation(options, context, event, UTILITY);
    // Powertools' cleanupMiddlewares() key: a middleware that answers early publishes for us.
    internal[METRICS_KEY] = complete('SUCCEEDED');
  };
  // Not for middy's late early-timeout of a suspended invocation: its workflow goes on, so nothing
  // of its body may be published.
  return {
    before,
    after: complete('SUCCEEDED'),
    onError: onWorkflowError(complete('FAILED')),
    metrics: options.instances[0] as Metrics,
  };
}

import { METRICS_KEY } from '@aws-lambda-powertools/commons';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import {
  type DurableMiddlewareObj,
  type DurableMiddyRequest,
  internalKey,
  onWorkflowError,
} from '@durable-powertools/commons';
import type { InvocationCollector, WorkflowOutcome } from './emf/collector.js';
import type { DurableMetricsOptions, DurableMetricsSettings } from './options.js';
import { startInvocation } from './state.js';
import { completeAll, prepareMetrics } from './wrapper.js';

/** `request.internal` key holding this request's collectors. */
const COLLECTORS_KEY = internalKey('metrics', 'collectors');

/**
 * The middleware `durableMetrics()` returns, with the `Metrics` instance it publishes (the first one
 * given, or the `new Metrics()` built from the environment).
 */
export type DurableMetricsMiddleware<TEvent = unknown, TResult = unknown> = DurableMiddlewareObj<
  TEvent,
  TResult
> & {
  readonly metrics: Metrics;
};

/**
 * Middy middleware, the durable counterpart of Powertools' `logMetrics(metrics, options)`: the body's
 * metrics are published once, when the workflow completes; a step attempt's from the invocation it
 * ran in (the README has the full semantics). Without an instance it builds `new Metrics()` from the
 * environment, the middleware's `metrics` property, and publishes only what the workflow adds to it
 * (no `ColdStart` unless asked). Needs `DurablePowertoolsPlugin` (else
 * `DurablePluginNotRegisteredError` on the first invocation).
 *
 * @param options - `{ metrics, ...settings }`, or nothing (Powertools' `(metrics | metrics[], settings)`
 *   shape is the second signature)
 * @throws {DurableMetricsOptionError} at once, for an unknown option (naming the closest valid one)
 * or a wrong value
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { MetricUnit } from '@aws-lambda-powertools/metrics';
 * import { DurablePowertoolsPlugin, durableMetrics } from '@durable-powertools/metrics';
 * import middy from '@middy/core';
 *
 * const tracking = durableMetrics(); // new Metrics() from POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_SERVICE_NAME
 * const { metrics } = tracking;
 *
 * export const handler = withDurableExecution(
 *   middy(async (event, context) => {
 *     await context.step('charge', async () => charge(event));
 *     await context.wait({ minutes: 5 });
 *     metrics.addMetric('ordersCompleted', MetricUnit.Count, 1); // counted once, at completion
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
  const utility = 'durableMetrics()';
  const options = prepareMetrics(utility, metricsOrOptions, settings);
  type Request = DurableMiddyRequest<TEvent, TResult>;
  const complete = (outcome: WorkflowOutcome) => (request: Request) =>
    completeAll(request.internal[COLLECTORS_KEY] as InvocationCollector[] | undefined, outcome);
  const before = (request: Request): void => {
    request.internal[COLLECTORS_KEY] = startInvocation(
      options,
      request.context,
      request.event,
      utility,
    );
    // Powertools' cleanupMiddlewares() key: a middleware that answers early publishes for us.
    request.internal[METRICS_KEY] = complete('SUCCEEDED');
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

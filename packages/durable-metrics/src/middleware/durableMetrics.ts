import {
  assertDurableContext,
  type DurableMiddlewareObj,
  type DurableMiddyRequest,
  internalKey,
  onWorkflowError,
} from '@durable-powertools/commons';
import type { InvocationCollector } from '../InvocationCollector.js';
import { configureMetrics, startInvocation } from '../invocation.js';
import type { DurableMetricsOptions } from '../types/options.js';

const COLLECTOR_KEY = internalKey('metrics', 'collector');

/** Where Powertools' `cleanupMiddlewares()` looks for the metrics' clean-up. */
const POWERTOOLS_CLEANUP_KEY = 'powertools-for-aws.metrics';

/**
 * Middy middleware that makes Powertools Metrics count a durable workflow's work exactly once:
 * metrics added in the workflow body are published once, when the workflow completes (the handler
 * returns or throws), in as many valid EMF documents as they need; a suspended invocation publishes
 * none of them. Metrics added inside a step attempt are published from the invocation the attempt
 * ran in. See the package README for the full semantics.
 *
 * `before` runs on every invocation and starts a fresh buffer; `after`/`onError` run only on the
 * invocation that completes the workflow, and when the SDK itself fails the execution (the handler
 * never settles) the lifecycle core's end-of-invocation event completes it instead. Needs the suite's
 * one plugin, `DurablePowertoolsPlugin`: without it the first invocation fails with
 * `DurablePluginNotRegisteredError`.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
 * import { DurablePowertoolsPlugin, durableMetrics } from '@durable-powertools/metrics';
 * import middy from '@middy/core';
 *
 * const metrics = new Metrics({ namespace: 'orders', serviceName: 'checkout' });
 *
 * export const handler = withDurableExecution(
 *   middy(async (event, context) => {
 *     await context.step('charge', async () => charge(event));
 *     await context.wait({ minutes: 5 });
 *     metrics.addMetric('ordersCompleted', MetricUnit.Count, 1); // counted once, at completion
 *   }).use(durableMetrics({ metrics, captureColdStartMetric: true })),
 *   { plugins: [new DurablePowertoolsPlugin()] },
 * );
 * ```
 */
export const durableMetrics = <TEvent = unknown, TResult = unknown>(
  options: DurableMetricsOptions,
): DurableMiddlewareObj<TEvent, TResult> => {
  configureMetrics(options);

  const complete =
    (outcome: 'SUCCEEDED' | 'FAILED') =>
    (request: DurableMiddyRequest<TEvent, TResult>): void => {
      (request.internal[COLLECTOR_KEY] as InvocationCollector | undefined)?.complete(outcome);
    };

  const before = (request: DurableMiddyRequest<TEvent, TResult>): void => {
    const context = assertDurableContext(request.context, 'durableMetrics()', request.event);
    request.internal[COLLECTOR_KEY] = startInvocation(options, context, 'durableMetrics()');
    // Powertools' cleanupMiddlewares() key: a middleware that answers early publishes for us.
    request.internal[POWERTOOLS_CLEANUP_KEY] = complete('SUCCEEDED');
  };

  // Not for middy's late early-timeout of a suspended invocation: its workflow goes on, so nothing of
  // its body may be published.
  return { before, after: complete('SUCCEEDED'), onError: onWorkflowError(complete('FAILED')) };
};

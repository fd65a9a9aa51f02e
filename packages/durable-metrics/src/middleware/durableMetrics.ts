import {
  assertDurableContext,
  type DurableMiddlewareObj,
  type DurableMiddyRequest,
  internalKey,
  onWorkflowError,
} from '@durable-powertools/commons';
import type { InvocationCollector } from '../InvocationCollector.js';
import { configureMetrics, scopeFor, startInvocation } from '../invocation.js';
import { validateMetricsOptions } from '../optionsValidation.js';
import { shared } from '../shared.js';
import type { DurableMetricsOptions } from '../types/options.js';

const COLLECTOR_KEY = internalKey('metrics', 'collector');

/**
 * Middy middleware that makes Powertools Metrics count a durable workflow's work exactly once:
 * metrics added in the workflow body are published once, when the workflow completes (the handler
 * returns or throws), in as many valid EMF documents as they need; a suspended invocation publishes
 * none of them. Metrics added inside a step attempt are published from the invocation the attempt
 * ran in. See the package README for the full semantics.
 *
 * `before` runs on every invocation and starts a fresh buffer; `after`/`onError` run only on the
 * invocation that completes the workflow. `before` is synchronous on purpose: it enters the
 * invocation's async context, which the handler called next by middy inherits.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
 * import { durableMetrics } from '@durable-powertools/metrics';
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
 * );
 * ```
 *
 * @throws {DurableMetricsOptionError} at once, when `options` or `options.metrics` is missing or wrong
 */
export const durableMetrics = <TEvent = unknown, TResult = unknown>(
  input: DurableMetricsOptions,
): DurableMiddlewareObj<TEvent, TResult> => {
  const options = validateMetricsOptions('durableMetrics()', input);
  configureMetrics(options);

  const before = (request: DurableMiddyRequest<TEvent, TResult>): void => {
    const context = assertDurableContext(request.context, 'durableMetrics()', request.event);
    const collector = startInvocation(options, context);
    const { scope, isNew } = scopeFor(context);
    scope.collectors.set(options.metrics, collector);
    if (isNew) shared.invocation.enterWith(scope);
    request.internal[COLLECTOR_KEY] = collector;
  };

  const complete =
    (outcome: 'SUCCEEDED' | 'FAILED') =>
    (request: DurableMiddyRequest<TEvent, TResult>): void => {
      (request.internal[COLLECTOR_KEY] as InvocationCollector | undefined)?.complete(outcome);
    };

  // Not for middy's late early-timeout of a suspended invocation: its workflow goes on, so nothing of
  // its body may be published.
  return { before, after: complete('SUCCEEDED'), onError: onWorkflowError(complete('FAILED')) };
};

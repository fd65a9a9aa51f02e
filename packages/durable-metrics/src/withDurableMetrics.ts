import type { DurableContext, DurableExecutionHandler } from '@aws/durable-execution-sdk-js';
import { assertDurableContext } from '@durable-powertools/commons';
import { configureMetrics, startInvocation } from './invocation.js';
import type { DurableMetricsOptions } from './types/options.js';

/**
 * The same as {@link durableMetrics}, without middy: wraps a durable handler so that its metrics are
 * counted exactly once. Put it inside `withDurableExecution`.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
 * import { DurablePowertoolsPlugin, withDurableMetrics } from '@durable-powertools/metrics';
 *
 * const metrics = new Metrics({ namespace: 'orders', serviceName: 'checkout' });
 *
 * export const handler = withDurableExecution(
 *   withDurableMetrics(async (event, context) => {
 *     await context.wait({ seconds: 30 });
 *     metrics.addMetric('ordersCompleted', MetricUnit.Count, 1);
 *   }, { metrics }),
 *   { plugins: [new DurablePowertoolsPlugin()] },
 * );
 * ```
 */
export const withDurableMetrics = <TEvent = unknown, TResult = unknown>(
  handler: DurableExecutionHandler<TEvent, TResult>,
  options: DurableMetricsOptions,
): DurableExecutionHandler<TEvent, TResult> => {
  configureMetrics(options);
  return async (event: TEvent, context: DurableContext): Promise<TResult> => {
    const durableContext = assertDurableContext(context, 'withDurableMetrics()', event);
    const collector = startInvocation(options, durableContext, 'withDurableMetrics()');
    let result: TResult;
    try {
      result = await handler(event, context);
    } catch (error) {
      collector.complete('FAILED');
      throw error;
    }
    collector.complete('SUCCEEDED');
    return result;
  };
};

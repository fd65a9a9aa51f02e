import type { DurableContext, DurableExecutionHandler } from '@aws/durable-execution-sdk-js';
import { assertDurableContext } from '@durable-powertools/commons';
import { configureMetrics, startInvocation } from './invocation.js';
import { metricsChecks, validateMetricsOptions } from './optionsValidation.js';
import type { DurableMetricsOptions } from './types/options.js';

/**
 * Runs one invocation of a handler with durable metrics: `call` is the handler, already given its
 * arguments. Shared by {@link withDurableMetrics} and the `durableLogMetrics` decorator; `options`
 * were checked and applied (`configureMetrics`) when those were created.
 */
export const runWithDurableMetrics = async <TResult>(
  options: DurableMetricsOptions,
  event: unknown,
  context: unknown,
  utility: string,
  call: () => Promise<TResult>,
): Promise<TResult> => {
  const durableContext = assertDurableContext(context, utility, event);
  const collector = startInvocation(options, durableContext, utility);
  let result: TResult;
  try {
    result = await call();
  } catch (error) {
    collector.complete('FAILED');
    throw error;
  }
  collector.complete('SUCCEEDED');
  return result;
};

/**
 * The same as {@link durableMetrics}, without middy: wraps a durable handler so that its metrics are
 * counted exactly once. Put it inside `withDurableExecution`.
 *
 * @throws {DurableMetricsOptionError} at once, when `handler` is not a function or an option is wrong
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
  input: DurableMetricsOptions,
): DurableExecutionHandler<TEvent, TResult> => {
  const utility = 'withDurableMetrics()';
  if (typeof handler !== 'function') {
    metricsChecks(utility).reject(
      'handler',
      handler,
      'the durable handler function (event, context) => Promise',
      'Call it as withDurableMetrics(handler, { metrics }).',
    );
  }
  const options = validateMetricsOptions(utility, input);
  configureMetrics(options);
  return (event: TEvent, context: DurableContext): Promise<TResult> =>
    runWithDurableMetrics(options, event, context, utility, () => handler(event, context));
};

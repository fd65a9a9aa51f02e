import type { DurableContext, DurableExecutionHandler } from '@aws/durable-execution-sdk-js';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { subscribe } from '@durable-powertools/commons';
import {
  type DurableMetricsOptions,
  type DurableMetricsSettings,
  metricsChecks,
  type ResolvedMetricsOptions,
  resolveMetricsOptions,
} from './options.js';
import { intercept, startInvocation } from './state.js';
import { metricsSubscriber } from './subscriber.js';

/** Checks and applies an entry point's arguments, once, where it is built (subscribe, intercept). */
export const prepareMetrics = (
  utility: string,
  metricsOrOptions?: unknown,
  settings?: unknown,
): ResolvedMetricsOptions => {
  const options = resolveMetricsOptions(utility, metricsOrOptions, settings);
  subscribe(metricsSubscriber);
  const { instances, throwOnEmptyMetrics, defaultDimensions } = options;
  for (const metrics of instances) {
    intercept(metrics);
    if (throwOnEmptyMetrics) metrics.setThrowOnEmptyMetrics(true);
    if (defaultDimensions !== undefined) metrics.setDefaultDimensions(defaultDimensions);
  }
  return options;
};

/** Runs one invocation of `call` (the handler) with durable metrics: the wrapper's and decorator's. */
export const runWithDurableMetrics = async <TResult>(
  options: ResolvedMetricsOptions,
  event: unknown,
  context: unknown,
  utility: string,
  call: () => Promise<TResult>,
): Promise<TResult> => {
  const collectors = startInvocation(options, context, event, utility);
  let outcome: 'SUCCEEDED' | 'FAILED' = 'FAILED';
  try {
    const result = await call();
    outcome = 'SUCCEEDED';
    return result;
  } finally {
    for (const collector of collectors) collector.complete(outcome);
  }
};

/** A durable handler wrapped by {@link withDurableMetrics}, with the `Metrics` instance it publishes. */
export type DurableMetricsHandler<TEvent, TResult> = DurableExecutionHandler<TEvent, TResult> & {
  readonly metrics: Metrics;
};

/**
 * The same as `durableMetrics()`, without middy, with the same arguments: wraps a durable handler so
 * that its metrics are counted exactly once. Put it inside `withDurableExecution`.
 *
 * @throws {DurableMetricsOptionError} at once, when `handler` is not a function or an option is wrong
 *
 * @example
 * ```ts
 * const metrics = new Metrics({ namespace: 'orders', serviceName: 'checkout' });
 * export const handler = withDurableExecution(
 *   withDurableMetrics(async (event, context) => {
 *     await context.wait({ seconds: 30 });
 *     metrics.addMetric('ordersCompleted', MetricUnit.Count, 1); // once, at completion
 *   }, metrics),
 *   { plugins: [new DurablePowertoolsPlugin()] },
 * );
 * // also withDurableMetrics(handler) (new Metrics() from the environment, as `.metrics`)
 * ```
 */
export function withDurableMetrics<TEvent = unknown, TResult = unknown>(
  handler: DurableExecutionHandler<TEvent, TResult>,
  options?: DurableMetricsOptions,
): DurableMetricsHandler<TEvent, TResult>;
export function withDurableMetrics<TEvent = unknown, TResult = unknown>(
  handler: DurableExecutionHandler<TEvent, TResult>,
  metrics: Metrics | readonly Metrics[],
  settings?: DurableMetricsSettings,
): DurableMetricsHandler<TEvent, TResult>;
export function withDurableMetrics<TEvent = unknown, TResult = unknown>(
  handler: DurableExecutionHandler<TEvent, TResult>,
  metricsOrOptions?: Metrics | readonly Metrics[] | DurableMetricsOptions,
  settings?: DurableMetricsSettings,
): DurableMetricsHandler<TEvent, TResult> {
  const utility = 'withDurableMetrics()';
  if (typeof handler !== 'function') {
    metricsChecks(utility).reject(
      'handler',
      handler,
      'the durable handler function (event, context) => Promise',
      'Call it as withDurableMetrics(handler, metrics?, settings?).',
    );
  }
  const options = prepareMetrics(utility, metricsOrOptions, settings);
  const wrapped = (event: TEvent, context: DurableContext): Promise<TResult> =>
    runWithDurableMetrics(options, event, context, utility, () => handler(event, context));
  return Object.assign(wrapped, { metrics: options.instances[0] as Metrics });
}

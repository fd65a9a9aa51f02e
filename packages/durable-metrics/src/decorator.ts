import type { Metrics } from '@aws-lambda-powertools/metrics';
import { type DurableMethodDecorator, handlerMethodDecorator } from '@durable-powertools/commons';
import {
  type DurableMetricsOptions,
  type DurableMetricsSettings,
  metricsChecks,
} from './options.js';
import { prepareMetrics, runWithDurableMetrics } from './wrapper.js';

/** The decorator `durableLogMetrics()` returns, with the `Metrics` instance it publishes. */
export type DurableMetricsDecorator = DurableMethodDecorator & { readonly metrics: Metrics };

/**
 * Class-method decorator, the durable counterpart of Powertools' `metrics.logMetrics()` (which counts
 * the body once per invocation), with the arguments and behaviour of `durableMetrics()`. Works with
 * `experimentalDecorators` and standard decorators; bind the handler when exporting it.
 *
 * @throws {DurableMetricsOptionError} at once, for an unknown option or a wrong value
 *
 * @example
 * ```ts
 * class Lambda {
 *   @durableLogMetrics(metrics, { captureColdStartMetric: true })
 *   public async handler(event: unknown, context: DurableContext): Promise<string> {
 *     await context.wait({ seconds: 5 });
 *     metrics.addMetric('ordersCompleted', MetricUnit.Count, 1); // once, at completion
 *     return 'done';
 *   }
 * }
 *
 * const lambda = new Lambda();
 * export const handler = withDurableExecution(lambda.handler.bind(lambda), {
 *   plugins: [new DurablePowertoolsPlugin()],
 * });
 * ```
 */
export function durableLogMetrics(options?: DurableMetricsOptions): DurableMetricsDecorator;
export function durableLogMetrics(
  metrics: Metrics | readonly Metrics[],
  settings?: DurableMetricsSettings,
): DurableMetricsDecorator;
export function durableLogMetrics(
  metricsOrOptions?: Metrics | readonly Metrics[] | DurableMetricsOptions,
  settings?: DurableMetricsSettings,
): DurableMetricsDecorator {
  const utility = 'durableLogMetrics()';
  const options = prepareMetrics(utility, metricsOrOptions, settings);
  const decorator = handlerMethodDecorator(
    metricsChecks(utility),
    (method) =>
      function durableMetricsHandler(this: unknown, event, context, ...rest) {
        return runWithDurableMetrics(options, event, context, utility, () =>
          method.call(this, event, context, ...rest),
        );
      },
  );
  return Object.assign(decorator, { metrics: options.instances[0] as Metrics });
}

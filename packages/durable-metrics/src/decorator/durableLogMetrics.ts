import { type DurableMethodDecorator, handlerMethodDecorator } from '@durable-powertools/commons';
import { configureMetrics } from '../invocation.js';
import { metricsChecks, validateMetricsOptions } from '../optionsValidation.js';
import type { DurableMetricsOptions } from '../types/options.js';
import { runWithDurableMetrics } from '../withDurableMetrics.js';

const UTILITY = 'durableLogMetrics()';

/**
 * Class-method decorator, the durable counterpart of Powertools' `metrics.logMetrics()` for the
 * handler of a `LambdaInterface` class. Powertools' decorator publishes in a `finally` a suspended
 * invocation never reaches (its metrics then leak into the next invocation's document) and counts
 * the workflow body once per invocation; this one does what {@link durableMetrics} does: the body's
 * metrics once, when the workflow completes, step attempts' metrics from the invocation they ran in.
 * Register `DurablePowertoolsPlugin` as with the middleware.
 *
 * Works with TypeScript's `experimentalDecorators` (as Powertools' decorators need) and with standard
 * decorators. Bind the handler when exporting it, as with Powertools.
 *
 * @throws {DurableMetricsOptionError} at once, when `options` or `options.metrics` is missing or wrong
 *
 * @example
 * ```ts
 * import { withDurableExecution, type DurableContext } from '@aws/durable-execution-sdk-js';
 * import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
 * import { DurablePowertoolsPlugin, durableLogMetrics } from '@durable-powertools/metrics';
 *
 * const metrics = new Metrics({ namespace: 'orders', serviceName: 'checkout' });
 *
 * class Lambda {
 *   @durableLogMetrics({ metrics, captureColdStartMetric: true })
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
export const durableLogMetrics = (options: DurableMetricsOptions): DurableMethodDecorator => {
  const checked = validateMetricsOptions(UTILITY, options);
  configureMetrics(checked);
  return handlerMethodDecorator(
    metricsChecks(UTILITY),
    (method) =>
      function durableMetricsHandler(this: unknown, event, context, ...rest) {
        return runWithDurableMetrics(checked, event, context, UTILITY, () =>
          method.call(this, event, context, ...rest),
        );
      },
  );
};

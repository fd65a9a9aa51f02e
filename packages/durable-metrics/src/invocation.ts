import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { requireLifecycle } from '@durable-powertools/commons';
import { InvocationCollector } from './InvocationCollector.js';
import { interceptMetrics } from './interceptMetrics.js';
import { subscribeMetrics } from './lifecycle.js';
import { metricsStateOf } from './shared.js';
import type { DurableMetricsOptions } from './types/options.js';

/**
 * Applies the `logMetrics`-style options to the Powertools instance, once, where the middleware or
 * wrapper is created (as `logMetrics` does), and subscribes the package to the lifecycle core.
 */
export const configureMetrics = (options: DurableMetricsOptions): void => {
  subscribeMetrics();
  interceptMetrics(options.metrics);
  if (options.throwOnEmptyMetrics) options.metrics.setThrowOnEmptyMetrics(true);
  if (options.defaultDimensions !== undefined) {
    options.metrics.setDefaultDimensions(options.defaultDimensions);
  }
};

/**
 * Starts collecting for the invocation that is beginning: a fresh collector in the invocation's
 * lifecycle slot (which is what drops anything a previous, suspended invocation of this container
 * buffered), the Powertools instance's own request state cleared, and the cold-start metric
 * published if this is a cold start. Throws `DurablePluginNotRegisteredError` when no
 * `DurablePowertoolsPlugin` wraps the invocation: without it metrics would be lost.
 */
export const startInvocation = (
  options: DurableMetricsOptions,
  context: DurableContext,
  utility: string,
): InvocationCollector => {
  const invocation = requireLifecycle(context, utility);
  const { metrics } = options;
  const writer = interceptMetrics(metrics);
  metrics.clearMetrics();
  metrics.clearDimensions();
  metrics.clearMetadata();
  if (options.captureColdStartMetric) {
    // Powertools publishes it at once, on its own single-metric instance, only on a cold start.
    metrics.captureColdStartMetric(context.lambdaContext?.functionName);
  }
  const collector = new InvocationCollector(writer, invocation, options.builtInMetrics);
  metricsStateOf(invocation).collectors.set(metrics, collector);
  return collector;
};

import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { InvocationCollector } from './InvocationCollector.js';
import { interceptMetrics } from './interceptMetrics.js';
import { type InvocationScope, shared } from './shared.js';
import type { DurableMetricsOptions } from './types/options.js';

/**
 * Applies the `logMetrics`-style options to the Powertools instance, once, where the middleware or
 * wrapper is created (as `logMetrics` does).
 */
export const configureMetrics = (options: DurableMetricsOptions): void => {
  interceptMetrics(options.metrics);
  if (options.throwOnEmptyMetrics) options.metrics.setThrowOnEmptyMetrics(true);
  if (options.defaultDimensions !== undefined) {
    options.metrics.setDefaultDimensions(options.defaultDimensions);
  }
};

/**
 * Starts collecting for the invocation that is beginning: a fresh collector (which is what drops
 * anything a previous, suspended invocation of this container buffered), the Powertools instance's
 * own request state cleared, and the cold-start metric published if this is a cold start.
 */
export const startInvocation = (
  options: DurableMetricsOptions,
  context: DurableContext,
): InvocationCollector => {
  const { metrics } = options;
  const writer = interceptMetrics(metrics);
  metrics.clearMetrics();
  metrics.clearDimensions();
  metrics.clearMetadata();
  if (options.captureColdStartMetric) {
    // Powertools publishes it at once, on its own single-metric instance, only on a cold start.
    metrics.captureColdStartMetric(context.lambdaContext?.functionName);
  }
  return new InvocationCollector(writer, context, options.builtInMetrics);
};

/** The scope of `context`'s invocation already active in this async context, or a new one. */
export const scopeFor = (context: DurableContext): { scope: InvocationScope; isNew: boolean } => {
  const current = shared.invocation.getStore();
  if (current?.context === context) return { scope: current, isNew: false };
  return { scope: { context, collectors: new Map() }, isNew: true };
};

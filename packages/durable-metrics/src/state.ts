import type { DurableContext } from '@aws/durable-execution-sdk-js';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { currentFrame, defineSlot, requireInvocation } from '@durable-powertools/commons';
import { type CollectorState, InvocationCollector, METADATA_KEYS } from './emf/collector.js';
import type { ResolvedMetricsOptions } from './options.js';
import { captureColdStart, interceptMetrics } from './powertoolsInternals.js';

/** The slot (its name is registered, so an ESM and a CJS copy of this package share the state). */
export const metricsState = defineSlot<CollectorState>(
  '@durable-powertools/metrics.invocation.v2',
  () => ({
    collectors: new Map(),
    children: new Map(),
    pending: [],
    liveAttempts: { attempts: 0, newSteps: 0 },
  }),
);

/** The collector of `metrics` in the durable invocation running in this async context. */
export const collectorOf = (metrics: object): InvocationCollector | undefined => {
  const invocation = currentFrame()?.invocation;
  return invocation && metricsState.peek(invocation)?.collectors.get(metrics);
};

/** Intercepts `metrics` (once per instance), routing its calls to its current collector. */
export const intercept = (metrics: Metrics) => interceptMetrics(metrics, collectorOf);

/**
 * Starts collecting for the invocation that is beginning: one fresh collector per instance (reused
 * if another entry point started it in this invocation), the instance's request state cleared, and
 * the cold-start metric published if asked. Throws `DurablePluginNotRegisteredError` without the plugin.
 */
export const startInvocation = (
  options: ResolvedMetricsOptions,
  context: unknown,
  event: unknown,
  utility: string,
): InvocationCollector[] => {
  const invocation = requireInvocation(context, utility, event);
  const state = metricsState.get(invocation);
  return options.instances.map((metrics) => {
    const started = state.collectors.get(metrics);
    if (started !== undefined) return started;
    const writer = intercept(metrics);
    metrics.clearMetrics();
    metrics.clearDimensions();
    metrics.clearMetadata();
    const collector = new InvocationCollector(writer, invocation, state, options);
    state.collectors.set(metrics, collector);
    if (options.captureColdStartMetric) {
      const functionName = (context as DurableContext).lambdaContext?.functionName;
      captureColdStart(metrics, functionName, {
        [METADATA_KEYS.executionArn]: invocation.executionArn,
      });
    }
    return collector;
  });
};

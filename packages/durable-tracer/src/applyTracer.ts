import { assertDurableContext } from '@durable-powertools/commons';
import { withActiveSegment } from './activeSegment.js';
import { DurableTracerPluginMissingError } from './errors.js';
import { currentInvocationScope } from './invocationScope.js';
import type { DurableTracerOptions } from './types/options.js';
import type { TraceSubsegment } from './types/xray.js';

/**
 * Applies the user's Tracer to the handler subsegment the plugin opened for this invocation (what
 * the middleware's `before` and the decorator do first on every invocation).
 *
 * @returns the invocation's handler subsegment, or `undefined` when tracing is off
 * @throws {DurableTracerPluginMissingError} when tracing is on but no plugin wraps the invocation
 */
export const applyTracerToInvocation = (
  options: DurableTracerOptions,
  context: unknown,
  event: unknown,
  utility: string,
): TraceSubsegment | undefined => {
  const { tracer, captureResponse } = options;
  assertDurableContext(context, utility, event);
  if (!tracer.isTracingEnabled()) return undefined;
  const scope = currentInvocationScope();
  if (scope === undefined) throw new DurableTracerPluginMissingError(utility);
  // The scope belongs to this invocation alone: the next invocation gets a fresh one.
  const pluginTracer = scope.tracer;
  scope.tracer = tracer;
  scope.captureResponse = captureResponse;
  const subsegment = scope.handlerSubsegment;
  if (subsegment === undefined) return undefined;
  // The plugin annotated `Service` with its own Tracer (from the environment, when loaded from
  // DURABLE_EXECUTION_PLUGINS); yours names the service.
  if (pluginTracer !== tracer) {
    withActiveSegment(tracer, subsegment, () => tracer.addServiceNameAnnotation());
  }
  return subsegment;
};

import { assertDurableContext, requireLifecycle } from '@durable-powertools/commons';
import { withActiveSegment } from './activeSegment.js';
import { invocationScopeOf } from './invocationScope.js';
import { registerFallback } from './registration.js';
import { subscribeTracer } from './tracing.js';
import type { DurableTracerOptions } from './types/options.js';
import type { TraceSubsegment } from './types/xray.js';

/**
 * What the middleware and the decorator do where they are constructed: subscribe the tracer to the
 * lifecycle core and register the user's Tracer, so the handler subsegment is opened around every
 * invocation with its settings.
 */
export const prepareTracer = (options: DurableTracerOptions): void => {
  subscribeTracer();
  registerFallback({
    tracer: options.tracer,
    captureResponse: options.captureResponse ?? true,
    traceOperations: true,
  });
};

/**
 * Applies the user's Tracer to the handler subsegment opened for this invocation (what the
 * middleware's `before` and the decorator do first on every invocation).
 *
 * @returns the invocation's handler subsegment, or `undefined` when tracing is off
 * @throws {DurablePluginNotRegisteredError} when no `DurablePowertoolsPlugin` wraps the invocation
 */
export const applyTracerToInvocation = (
  options: DurableTracerOptions,
  context: unknown,
  event: unknown,
  utility: string,
): TraceSubsegment | undefined => {
  const { tracer, captureResponse } = options;
  const durableContext = assertDurableContext(context, utility, event);
  if (!tracer.isTracingEnabled()) return undefined;
  const scope = invocationScopeOf(requireLifecycle(durableContext, utility));
  if (scope === undefined) return undefined;
  // The scope belongs to this invocation alone: the next invocation gets a fresh one.
  const pluginTracer = scope.tracer;
  scope.tracer = tracer;
  scope.captureResponse = captureResponse;
  const subsegment: TraceSubsegment | undefined = scope.handlerSubsegment;
  if (subsegment === undefined) return undefined;
  // The plugin annotated `Service` with its own Tracer (from the environment, when loaded from
  // DURABLE_EXECUTION_PLUGINS); yours names the service.
  if (pluginTracer !== tracer) {
    withActiveSegment(tracer, subsegment, () => tracer.addServiceNameAnnotation());
  }
  return subsegment;
};

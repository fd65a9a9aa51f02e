import type { DurableMiddlewareObj, DurableMiddyRequest } from '@durable-powertools/commons';
import { assertDurableContext, internalKey, requireLifecycle } from '@durable-powertools/commons';
import { withActiveSegment } from '../activeSegment.js';
import { invocationScopeOf } from '../invocationScope.js';
import { registerFallback } from '../registration.js';
import { subscribeTracer } from '../tracing.js';
import type { DurableTracerOptions } from '../types/options.js';
import type { TraceSubsegment } from '../types/xray.js';

/** `request.internal` key holding this invocation's handler subsegment (when tracing). */
export const HANDLER_SUBSEGMENT_KEY = internalKey('tracer', 'handlerSubsegment');

/**
 * Middy middleware, the durable counterpart of Powertools' `captureLambdaHandler`: it registers your
 * Tracer with the lifecycle core where it is constructed, so the handler subsegment is opened around
 * every invocation (suspended ones included) and closed with its status; it applies your settings
 * (`Service` annotation, `captureResponse`) and fails the first invocation with
 * `DurablePluginNotRegisteredError` when tracing is on but `DurablePowertoolsPlugin` is not registered.
 *
 * It only has a `before`: the plugin closes the subsegment when the invocation ends, which `after`
 * and `onError` cannot do for a suspended invocation. Having no `onError` also keeps the middy
 * `TimeoutError` that fires after a suspension (`timeoutEarlyInMillis`) away from the trace.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { Tracer } from '@aws-lambda-powertools/tracer';
 * import middy from '@middy/core';
 * import { executionModeDurableContext } from '@middy/core/DurableContext';
 * import { DurablePowertoolsPlugin, durableTracer } from '@durable-powertools/tracer';
 *
 * const tracer = new Tracer({ serviceName: 'orders' });
 *
 * // middy inside withDurableExecution: register the plugin in the SDK config ...
 * export const handler = withDurableExecution(middy(workflow).use(durableTracer({ tracer })), {
 *   plugins: [new DurablePowertoolsPlugin()],
 * });
 * // ... or middy 7's durable mode, with DURABLE_EXECUTION_PLUGINS=@durable-powertools/commons/plugin
 * export const handler2 = middy(workflow, { executionMode: executionModeDurableContext })
 *   .use(durableTracer({ tracer }));
 * ```
 */
export const durableTracer = <TEvent = unknown, TResult = unknown>(
  options: DurableTracerOptions,
): DurableMiddlewareObj<TEvent, TResult> => {
  const { tracer, captureResponse } = options;
  subscribeTracer();
  registerFallback({ tracer, captureResponse: captureResponse ?? true, traceOperations: true });
  const before = (request: DurableMiddyRequest<TEvent, TResult>): void => {
    const context = assertDurableContext(request.context, 'durableTracer()', request.event);
    if (!tracer.isTracingEnabled()) return;
    const scope = invocationScopeOf(requireLifecycle(context, 'durableTracer()'));
    if (scope === undefined) return;
    // The scope belongs to this invocation alone: the next invocation gets a fresh one.
    const pluginTracer = scope.tracer;
    scope.tracer = tracer;
    scope.captureResponse = captureResponse;
    const subsegment: TraceSubsegment | undefined = scope.handlerSubsegment;
    if (subsegment === undefined) return;
    request.internal[HANDLER_SUBSEGMENT_KEY] = subsegment;
    // The plugin annotated `Service` with its own Tracer (from the environment, when loaded from
    // DURABLE_EXECUTION_PLUGINS); yours names the service.
    if (pluginTracer !== tracer) {
      withActiveSegment(tracer, subsegment, () => tracer.addServiceNameAnnotation());
    }
  };
  return { before };
};

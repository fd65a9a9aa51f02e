import type { DurableMiddlewareObj, DurableMiddyRequest } from '@durable-powertools/commons';
import { assertDurableContext, internalKey } from '@durable-powertools/commons';
import { withActiveSegment } from '../activeSegment.js';
import { DurableTracerPluginMissingError } from '../errors.js';
import { currentInvocationScope } from '../invocationScope.js';
import type { DurableTracerOptions } from '../types/options.js';
import type { TraceSubsegment } from '../types/xray.js';

/** `request.internal` key holding this invocation's handler subsegment (when tracing). */
export const HANDLER_SUBSEGMENT_KEY = internalKey('tracer', 'handlerSubsegment');

/**
 * Middy middleware, the durable counterpart of Powertools' `captureLambdaHandler`: it applies your
 * Tracer to the handler subsegment that {@link DurableTracerPlugin} opens around every invocation
 * (its `Service` annotation, `captureResponse`/`captureError` settings), and fails loudly with
 * {@link DurableTracerPluginMissingError} when tracing is on but the plugin is not registered.
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
 * import { DurableTracerPlugin, durableTracer } from '@durable-powertools/tracer';
 *
 * const tracer = new Tracer({ serviceName: 'orders' });
 *
 * // middy inside withDurableExecution: register the plugin in the SDK config ...
 * export const handler = withDurableExecution(middy(workflow).use(durableTracer({ tracer })), {
 *   plugins: [new DurableTracerPlugin({ tracer })],
 * });
 * // ... or middy 7's durable mode, with DURABLE_EXECUTION_PLUGINS=@durable-powertools/tracer
 * export const handler2 = middy(workflow, { executionMode: executionModeDurableContext })
 *   .use(durableTracer({ tracer }));
 * ```
 */
export const durableTracer = <TEvent = unknown, TResult = unknown>(
  options: DurableTracerOptions,
): DurableMiddlewareObj<TEvent, TResult> => {
  const { tracer, captureResponse } = options;
  const before = (request: DurableMiddyRequest<TEvent, TResult>): void => {
    assertDurableContext(request.context, 'durableTracer()', request.event);
    if (!tracer.isTracingEnabled()) return;
    const scope = currentInvocationScope();
    if (scope === undefined) throw new DurableTracerPluginMissingError();
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

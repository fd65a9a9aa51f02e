import type { Tracer } from '@aws-lambda-powertools/tracer';
import {
  assertDurableContext,
  type DurableMiddlewareObj,
  type DurableMiddyRequest,
  requireInvocation,
} from '@durable-powertools/commons';
import {
  type DurableTracerHandlerOptions,
  type DurableTracerOptions,
  resolveTracerOptions,
  type TracerSettings,
} from './options.js';
import { withActiveSegment } from './powertoolsInternals.js';
import { invocationScopes } from './state.js';
import { registerTracer } from './subscriber.js';

/**
 * What every entry point does first on every invocation: apply its Tracer to the handler subsegment
 * the subscriber opened for this invocation.
 *
 * @throws {DurablePluginNotRegisteredError} when tracing is on and no `DurablePowertoolsPlugin` drives the invocation
 */
export const applyTracerToInvocation = (
  { tracer, captureResponse }: TracerSettings,
  context: unknown,
  event: unknown,
  utility: string,
): void => {
  const durableContext = assertDurableContext(context, utility, event);
  if (!tracer.isTracingEnabled()) return;
  const scope = invocationScopes.peek(requireInvocation(durableContext, utility))?.scope;
  if (scope?.handlerSubsegment === undefined) return;
  // The subscriber annotated `Service` with the registered Tracer; this entry point's names the service.
  if (scope.tracer !== tracer) {
    withActiveSegment(tracer, scope.handlerSubsegment, () => tracer.addServiceNameAnnotation());
  }
  // The scope belongs to this invocation alone: the next invocation gets a fresh one.
  scope.tracer = tracer;
  scope.captureResponse = captureResponse;
};

/** The middleware {@link durableTracer} returns: middy's `before`, and the Tracer it uses. */
export interface DurableTracerMiddleware<TEvent = unknown, TResult = unknown>
  extends DurableMiddlewareObj<TEvent, TResult> {
  /** The Tracer in use: yours, or the one `durableTracer()` built from the environment. */
  readonly tracer: Tracer;
}

/**
 * Middy middleware, the durable counterpart of Powertools' `captureLambdaHandler`. Its settings apply
 * to every invocation of the process: the suite's plugin opens the `## <_HANDLER>` subsegment around
 * every invocation (suspended ones included) and closes it with its status; `before` applies your
 * Tracer and fails with `DurablePluginNotRegisteredError` when tracing is on without the plugin.
 *
 * It has only a `before` and registers no Powertools clean-up function (`TRACER_KEY`): the core
 * closes the subsegment when the invocation ends, which `after`, `onError` and an early return cannot
 * do for a suspended invocation. Having no `onError` also keeps middy's `TimeoutError` that fires after
 * a suspension (`timeoutEarlyInMillis`) out of the trace.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import middy from '@middy/core';
 * import { DurablePowertoolsPlugin, durableTracer } from '@durable-powertools/tracer';
 *
 * const tracing = durableTracer(); // new Tracer() from POWERTOOLS_SERVICE_NAME, POWERTOOLS_TRACE_ENABLED, ...
 * export const handler = withDurableExecution(middy(workflow).use(tracing), {
 *   plugins: [new DurablePowertoolsPlugin()],
 * });
 * tracing.tracer.putAnnotation('team', 'payments'); // inside the workflow
 * ```
 *
 * @throws {DurableTracerOptionError} at once, for an unknown option (naming the closest valid one) or a wrong value
 */
export function durableTracer<TEvent = unknown, TResult = unknown>(
  options?: DurableTracerOptions,
): DurableTracerMiddleware<TEvent, TResult>;
export function durableTracer<TEvent = unknown, TResult = unknown>(
  tracer: Tracer,
  options?: DurableTracerHandlerOptions,
): DurableTracerMiddleware<TEvent, TResult>;
export function durableTracer<TEvent = unknown, TResult = unknown>(
  first?: Tracer | DurableTracerOptions,
  second?: DurableTracerHandlerOptions,
): DurableTracerMiddleware<TEvent, TResult> {
  const utility = 'durableTracer()';
  const settings = registerTracer(resolveTracerOptions(utility, first, second));
  const before = (request: DurableMiddyRequest<TEvent, TResult>): void =>
    applyTracerToInvocation(settings, request.context, request.event, utility);
  return { before, tracer: settings.tracer };
}

import type { DurableMiddlewareObj, DurableMiddyRequest } from '@durable-powertools/commons';
import { internalKey } from '@durable-powertools/commons';
import { applyTracerToInvocation, prepareTracer } from '../applyTracer.js';
import type { DurableTracerOptions } from '../types/options.js';
import { validateTracerOptions } from '../validation.js';

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
 *
 * @throws {DurableTracerOptionError} at once, when `options` or `options.tracer` is missing or wrong
 */
export const durableTracer = <TEvent = unknown, TResult = unknown>(
  input: DurableTracerOptions,
): DurableMiddlewareObj<TEvent, TResult> => {
  const options = validateTracerOptions('durableTracer()', input);
  prepareTracer(options);
  const before = (request: DurableMiddyRequest<TEvent, TResult>): void => {
    const subsegment = applyTracerToInvocation(
      options,
      request.context,
      request.event,
      'durableTracer()',
    );
    if (subsegment !== undefined) request.internal[HANDLER_SUBSEGMENT_KEY] = subsegment;
  };
  return { before };
};

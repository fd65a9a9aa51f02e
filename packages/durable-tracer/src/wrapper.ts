import type { DurableContext, DurableExecutionHandler } from '@aws/durable-execution-sdk-js';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { DurablePowertoolsPlugin } from '@durable-powertools/commons';
import { applyTracerToInvocation } from './middleware.js';
import { type DurableTracerOptions, resolveTracerOptions, tracerOptionChecks } from './options.js';
import { registry } from './state.js';
import { registerTracer } from './subscriber.js';

/**
 * The plain wrapper (no middy, no class): does what the {@link durableTracer} middleware does, with
 * the same options.
 *
 * @throws {DurableTracerOptionError} at once, when `handler` is not a function or an option is wrong
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { DurablePowertoolsPlugin, withDurableTracer } from '@durable-powertools/tracer';
 *
 * export const handler = withDurableExecution(withDurableTracer(workflow), {
 *   plugins: [new DurablePowertoolsPlugin()],
 * });
 * ```
 */
export const withDurableTracer = <TEvent = unknown, TResult = unknown>(
  handler: DurableExecutionHandler<TEvent, TResult>,
  options?: DurableTracerOptions,
): DurableExecutionHandler<TEvent, TResult> => {
  const utility = 'withDurableTracer()';
  if (typeof handler !== 'function') {
    tracerOptionChecks(utility).reject(
      'handler',
      handler,
      'the durable handler function (event, context) => Promise',
      'Call it as withDurableTracer(handler, options).',
    );
  }
  const settings = registerTracer(resolveTracerOptions(utility, options));
  return (event: TEvent, context: DurableContext): Promise<TResult> => {
    applyTracerToInvocation(settings, context, event, utility);
    return handler(event, context);
  };
};

/**
 * The suite's one plugin under the tracer's old name. It carries nothing: its options are checked
 * and registered for every invocation of the process where it is built, exactly as
 * `durableTracer(options)` registers them (without options it registers a `new Tracer()` only when no
 * entry point registered one), so the order and number of plugins never change the output.
 *
 * @deprecated Register `new DurablePowertoolsPlugin()` and build `durableTracer(...)`,
 * `durableCaptureLambdaHandler(...)` or `withDurableTracer(...)` where you configure tracing.
 *
 * @example
 * ```ts
 * // before
 * withDurableExecution(workflow, { plugins: [new DurableTracerPlugin({ tracer })] });
 * // now
 * withDurableExecution(withDurableTracer(workflow, { tracer }), { plugins: [new DurablePowertoolsPlugin()] });
 * ```
 */
export class DurableTracerPlugin extends DurablePowertoolsPlugin {
  public constructor(options?: DurableTracerOptions) {
    const own = typeof options === 'object' && options?.tracer !== undefined;
    const tracer = own
      ? undefined
      : (registry.settings?.tracer ?? new Tracer({ captureHTTPsRequests: false }));
    const input =
      typeof options === 'object' && options !== null
        ? { tracer, ...options }
        : (options ?? { tracer });
    const settings = resolveTracerOptions('new DurableTracerPlugin()', input);
    super();
    if (own || registry.settings === undefined) registerTracer(settings);
  }
}

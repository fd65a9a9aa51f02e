import { type DurableMethodDecorator, handlerMethodDecorator } from '@durable-powertools/commons';
import { applyTracerToInvocation, prepareTracer } from '../applyTracer.js';
import type { DurableTracerOptions } from '../types/options.js';
import { tracerChecks, validateTracerOptions } from '../validation.js';

const UTILITY = 'durableCaptureLambdaHandler()';

/**
 * Class-method decorator, the durable counterpart of Powertools' `tracer.captureLambdaHandler()` for
 * the handler of a `LambdaInterface` class. Powertools' decorator closes its subsegment when the
 * handler settles, which a suspended invocation never does, so that subsegment is never sent; this
 * one does what {@link durableTracer} does: your Tracer's settings applied to the handler subsegment
 * the suite's plugin opens and closes around every invocation, suspended ones included. Register
 * `new DurablePowertoolsPlugin()` (or `DurableTracerPlugin`) as with the middleware.
 *
 * Works with TypeScript's `experimentalDecorators` (as Powertools' decorators need) and with standard
 * decorators. Bind the handler when exporting it, as with Powertools.
 *
 * @throws {DurableTracerOptionError} at once, when `options` or `options.tracer` is missing or wrong
 *
 * @example
 * ```ts
 * import { withDurableExecution, type DurableContext } from '@aws/durable-execution-sdk-js';
 * import { Tracer } from '@aws-lambda-powertools/tracer';
 * import { DurablePowertoolsPlugin, durableCaptureLambdaHandler } from '@durable-powertools/tracer';
 *
 * const tracer = new Tracer({ serviceName: 'orders' });
 *
 * class Lambda {
 *   @durableCaptureLambdaHandler({ tracer })
 *   public async handler(event: unknown, context: DurableContext): Promise<string> {
 *     await context.step('charge', async () => charge(event));
 *     return 'done';
 *   }
 * }
 *
 * const lambda = new Lambda();
 * export const handler = withDurableExecution(lambda.handler.bind(lambda), {
 *   plugins: [new DurablePowertoolsPlugin()],
 * });
 * ```
 */
export const durableCaptureLambdaHandler = (
  options: DurableTracerOptions,
): DurableMethodDecorator => {
  const checked = validateTracerOptions(UTILITY, options);
  prepareTracer(checked);
  return handlerMethodDecorator(
    tracerChecks(UTILITY),
    (method) =>
      async function durableTracedHandler(this: unknown, event, context, ...rest) {
        applyTracerToInvocation(checked, context, event, UTILITY);
        return method.call(this, event, context, ...rest);
      },
  );
};

import type { Tracer } from '@aws-lambda-powertools/tracer';
import {
  type DurableMethodDecorator,
  handlerMethodDecorator,
  OptionChecks,
} from '@durable-powertools/commons';
import { DurableTracerOptionError } from './errors.js';
import { applyTracerToInvocation, prepareTracer } from './middleware.js';
import type { DurableTracerHandlerOptions, DurableTracerOptions } from './options.js';

const UTILITY = 'durableCaptureLambdaHandler()';

/**
 * Class-method decorator, the durable counterpart of Powertools' `tracer.captureLambdaHandler()` for
 * the handler of a `LambdaInterface` class. Powertools' decorator closes its subsegment when the
 * handler settles, which a suspended invocation never does, so that subsegment is never sent; this
 * one does what {@link durableTracer} does, with the same options and forms: `()`, `(tracer, options)`,
 * `({ tracer, ...options })`. Register `new DurablePowertoolsPlugin()` as with the middleware.
 *
 * Works with TypeScript's `experimentalDecorators` (as Powertools' decorators need) and with standard
 * decorators. Bind the handler when exporting it, as with Powertools.
 *
 * @throws {DurableTracerOptionError} at once, for an unknown option or a wrong value
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
 *   @durableCaptureLambdaHandler(tracer)
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
export function durableCaptureLambdaHandler(options?: DurableTracerOptions): DurableMethodDecorator;
export function durableCaptureLambdaHandler(
  tracer: Tracer,
  options?: DurableTracerHandlerOptions,
): DurableMethodDecorator;
export function durableCaptureLambdaHandler(
  first?: Tracer | DurableTracerOptions,
  second?: DurableTracerHandlerOptions,
): DurableMethodDecorator {
  const settings = prepareTracer(UTILITY, first, second);
  return handlerMethodDecorator(
    new OptionChecks(UTILITY, (details) => new DurableTracerOptionError(details)),
    (method) =>
      async function durableTracedHandler(this: unknown, event, context, ...rest) {
        applyTracerToInvocation(settings, context, event, UTILITY);
        return method.call(this, event, context, ...rest);
      },
  );
}

import type { Tracer } from '@aws-lambda-powertools/tracer';
import { type DurableMethodDecorator, handlerMethodDecorator } from '@durable-powertools/commons';
import { applyTracerToInvocation } from './middleware.js';
import {
  type DurableTracerHandlerOptions,
  type DurableTracerOptions,
  resolveTracerOptions,
  tracerOptionChecks,
} from './options.js';
import { registerTracer } from './subscriber.js';

const UTILITY = 'durableCaptureLambdaHandler()';

/**
 * Class-method decorator, the durable counterpart of Powertools' `tracer.captureLambdaHandler()`, whose
 * subsegment closes when the handler settles, which a suspended invocation never does (so it is never
 * sent). This one does what {@link durableTracer} does, with the same options and forms.
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
  const settings = registerTracer(resolveTracerOptions(UTILITY, first, second));
  return handlerMethodDecorator(
    tracerOptionChecks(UTILITY),
    (method) =>
      async function durableTracedHandler(this: unknown, event, context, ...rest) {
        applyTracerToInvocation(settings, context, event, UTILITY);
        return method.call(this, event, context, ...rest);
      },
  );
}

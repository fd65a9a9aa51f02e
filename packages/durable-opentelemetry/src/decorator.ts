import {
  type DurableMethodDecorator,
  handlerMethodDecorator,
  requireInvocation,
} from '@durable-powertools/commons';
import { type DurableOpenTelemetryOptions, optionChecks, resolveOptions } from './options.js';
import { startTracing } from './subscriber.js';

/**
 * Class-method decorator for the handler of a `LambdaInterface` class: does what the
 * {@link durableOpenTelemetry} middleware does, with the same options: it starts tracing where the
 * class is defined and fails each invocation with `DurablePluginNotRegisteredError` when no
 * `DurablePowertoolsPlugin` drives it. Works with TypeScript's `experimentalDecorators` and with
 * standard decorators. Bind the handler when exporting it, as with Powertools.
 *
 * @example
 * ```ts
 * import { withDurableExecution, type DurableContext } from '@aws/durable-execution-sdk-js';
 * import { DurablePowertoolsPlugin, durableOpenTelemetryHandler } from '@durable-powertools/opentelemetry';
 *
 * class Lambda {
 *   @durableOpenTelemetryHandler()
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
 *
 * @throws {DurableOpenTelemetryOptionError} at once, for an unknown option or a wrong value
 * @throws {DurableOpenTelemetryAlreadyActiveError} while an earlier tracing is active
 */
export const durableOpenTelemetryHandler = (
  options?: DurableOpenTelemetryOptions,
): DurableMethodDecorator => {
  const utility = 'durableOpenTelemetryHandler()';
  startTracing(resolveOptions(options, utility));
  return handlerMethodDecorator(
    optionChecks(utility),
    (method) =>
      async function durableTracedHandler(this: unknown, event, context, ...rest) {
        requireInvocation(context, utility, event);
        return method.call(this, event, context, ...rest);
      },
  );
};

import type { DurableContext } from '@aws/durable-execution-sdk-js';
import type { Logger } from '@aws-lambda-powertools/logger';
import { type DurableMethodDecorator, handlerMethodDecorator } from '@durable-powertools/commons';
import {
  type DurableLoggerOptions,
  type DurableLoggerSettings,
  loggerChecks,
  resolveLoggerOptions,
} from './options.js';
import { runLogged } from './wrapper.js';

/** The decorator `durableInjectLambdaContext()` returns, with the Powertools Logger it writes through. */
export type DurableLoggerDecorator = DurableMethodDecorator & {
  /** The Powertools Logger: the one given, or the `new Logger()` built from the environment. */
  readonly logger: Logger;
};

/**
 * Class-method decorator, the durable counterpart of Powertools' `logger.injectLambdaContext()` for
 * the handler of a `LambdaInterface` class; same options and behaviour as {@link durableLogger}.
 * Works with `experimentalDecorators` (as Powertools' decorators need) and standard decorators. Bind
 * the handler when exporting it, as with Powertools.
 *
 * @param loggerOrOptions - a Powertools Logger, `{ logger, ...settings }`, or nothing for `new Logger()`
 * @param settings - with a logger as first argument: {@link DurableLoggerSettings}
 * @throws {DurableLoggerOptionError} at once, for an unknown option (naming the closest valid one) or a wrong value
 *
 * @example
 * ```ts
 * import { withDurableExecution, type DurableContext } from '@aws/durable-execution-sdk-js';
 * import { Logger } from '@aws-lambda-powertools/logger';
 * import { DurablePowertoolsPlugin, durableInjectLambdaContext } from '@durable-powertools/logger';
 *
 * const logger = new Logger({ serviceName: 'orders' });
 *
 * class Lambda {
 *   @durableInjectLambdaContext(logger, { logEvent: true })
 *   public async handler(event: unknown, context: DurableContext): Promise<string> {
 *     await context.wait({ seconds: 5 });
 *     logger.info('waited'); // once, with execution_arn
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
export function durableInjectLambdaContext(
  loggerOrOptions?: Logger | DurableLoggerOptions,
  settings?: DurableLoggerSettings,
): DurableLoggerDecorator {
  const utility = 'durableInjectLambdaContext()';
  const resolved = resolveLoggerOptions(utility, loggerOrOptions, settings);
  const decorator = handlerMethodDecorator(
    loggerChecks(utility),
    (method) =>
      function durableLoggedHandler(this: unknown, event, context, ...rest) {
        return runLogged(resolved, utility, event, context as DurableContext, () =>
          method.call(this, event, context, ...rest),
        );
      },
  );
  return Object.assign(decorator, { logger: resolved.logger });
}

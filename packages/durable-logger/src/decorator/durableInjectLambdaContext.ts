import { type DurableMethodDecorator, handlerMethodDecorator } from '@durable-powertools/commons';
import { attachCheckedLogger, detachLogger } from '../attachDurableLogger.js';
import type { DurableLoggerOptions } from '../types/options.js';
import { loggerChecks, validateLoggerOptions } from '../validation.js';

const UTILITY = 'durableInjectLambdaContext()';

/**
 * Class-method decorator, the durable counterpart of Powertools' `logger.injectLambdaContext()` for
 * the handler of a `LambdaInterface` class. Powertools' decorator hands the durable context to
 * `addContext` and resets keys in a `finally` a suspended invocation never reaches; this one does
 * what {@link durableLogger} does: each line once across replays, `execution_arn` and operation keys
 * on every record, keys reset when each invocation starts, `logEvent` once per execution.
 *
 * Works with TypeScript's `experimentalDecorators` (as Powertools' decorators need) and with standard
 * decorators. Bind the handler when exporting it, as with Powertools.
 *
 * @throws {DurableLoggerOptionError} at once, when `options` or `options.logger` is missing or wrong
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
 *   @durableInjectLambdaContext({ logger, logEvent: true })
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
export const durableInjectLambdaContext = (
  options: DurableLoggerOptions,
): DurableMethodDecorator => {
  const { logger, ...settings } = validateLoggerOptions(UTILITY, options);
  return handlerMethodDecorator(
    loggerChecks(UTILITY),
    (method) =>
      async function durableLoggedHandler(this: unknown, event, context, ...rest) {
        // Before the first await: the log scope is entered for the rest of this invocation.
        const invocation = attachCheckedLogger(context as never, logger, settings, event, UTILITY);
        try {
          return await method.call(this, event, context, ...rest);
        } catch (error) {
          // The workflow failed: buffered lines (logBufferOptions) are printed.
          invocation.flushBuffer();
          throw error;
        } finally {
          // Reached only by the invocation that completes the workflow.
          detachLogger(logger, settings);
        }
      },
  );
};

import type { DurableMiddlewareObj, DurableMiddyRequest } from '@durable-powertools/commons';
import { internalKey, onWorkflowError } from '@durable-powertools/commons';
import { attachDurableLogger } from '../attachDurableLogger.js';
import { forgetAttached } from '../loggerState.js';
import type { DurableLoggerOptions } from '../types/options.js';

/** `request.internal` key marking that the logger was attached for this request. */
export const ATTACHED_KEY = internalKey('logger', 'attached');

/** Where Powertools' `cleanupMiddlewares()` looks for the logger's clean-up. */
const POWERTOOLS_CLEANUP_KEY = 'powertools-for-aws.logger';

/**
 * Middy middleware that attaches a Powertools `Logger` to each invocation of a durable handler:
 * `context.logger` and direct calls on `logger` write each line once across all invocations, keyed
 * by `execution_arn` and the running operation. See {@link attachDurableLogger} for what it does;
 * this runs it in `before`, which middy calls on every invocation (unlike `after`/`onError`, which a
 * suspended invocation never reaches).
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { Logger } from '@aws-lambda-powertools/logger';
 * import middy from '@middy/core';
 * import { executionModeDurableContext } from '@middy/core/DurableContext';
 * import { durableLogger } from '@durable-powertools/logger';
 *
 * const logger = new Logger({ serviceName: 'orders' });
 * const workflow = async (event, context) => {
 *   await context.wait({ seconds: 5 });
 *   context.logger.info('waited'); // once, with execution_arn
 * };
 *
 * // middy inside withDurableExecution ...
 * export const handler = withDurableExecution(middy(workflow).use(durableLogger({ logger })));
 * // ... or middy 7's durable mode
 * export const handler2 = middy(workflow, { executionMode: executionModeDurableContext })
 *   .use(durableLogger({ logger, logEvent: true }));
 * ```
 */
export const durableLogger = <TEvent = unknown, TResult = unknown>(
  options: DurableLoggerOptions,
): DurableMiddlewareObj<TEvent, TResult> => {
  const { logger, ...settings } = options;
  // Same clean-up as Powertools' `injectLambdaContext({ resetKeys: true })` where it is reached.
  const cleanUp = (request: DurableMiddyRequest<TEvent, TResult>): void => {
    if (request.internal[ATTACHED_KEY] !== true) return;
    forgetAttached(logger);
    if (settings.resetKeys !== false) logger.resetKeys();
  };
  // Synchronous on purpose: the invocation is bound before middy's next await.
  const before = (request: DurableMiddyRequest<TEvent, TResult>): void => {
    attachDurableLogger(request.context, logger, settings, request.event);
    request.internal[ATTACHED_KEY] = true;
    // Powertools' cleanupMiddlewares() key: a middleware that answers early can clean up after us.
    request.internal[POWERTOOLS_CLEANUP_KEY] = cleanUp;
  };
  // Not for middy's late early-timeout of a suspended invocation, which can fire in the middle of a
  // later invocation of the same warm sandbox: that one's keys must stay.
  return { before, after: cleanUp, onError: onWorkflowError(cleanUp) };
};

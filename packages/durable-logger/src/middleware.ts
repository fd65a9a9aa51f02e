import { LOGGER_KEY } from '@aws-lambda-powertools/commons';
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  type DurableMiddlewareObj,
  type DurableMiddyRequest,
  internalKey,
  onWorkflowError,
} from '@durable-powertools/commons';
import {
  type DurableLoggerOptions,
  type DurableLoggerSettings,
  resolveLoggerOptions,
} from './options.js';
import type { DurableLogInvocation } from './state.js';
import { attachLogger, detachLogger } from './subscriber.js';

/** `request.internal` key holding the logger's state for this request. */
const ATTACHED_KEY = internalKey('logger', 'attached');
const UTILITY = 'durableLogger()';

/** The middleware `durableLogger()` returns, with the Powertools Logger it writes through. */
export interface DurableLoggerMiddleware<TEvent = unknown, TResult = unknown>
  extends DurableMiddlewareObj<TEvent, TResult> {
  /** The Powertools Logger: the one given, or the `new Logger()` built from the environment. */
  readonly logger: Logger;
}

/**
 * Middy middleware, the durable `injectLambdaContext(logger, options)`: the Powertools Logger (given,
 * or `new Logger()` from the environment, as the middleware's `logger`) becomes the durable context's
 * logger, and direct calls on it are routed: each line once across replays, `execution_arn` on every
 * record. It attaches in `before`, which middy runs on every invocation.
 *
 * @param loggerOrOptions - a Powertools Logger (Powertools' shape), `{ logger, ...settings }`, or nothing
 * @param settings - with a logger as first argument: {@link DurableLoggerSettings}
 * @throws {DurableLoggerOptionError} at once, for an unknown option (naming the closest valid one) or a wrong value
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import middy from '@middy/core';
 * import { DurablePowertoolsPlugin, durableLogger } from '@durable-powertools/logger';
 *
 * const logging = durableLogger(); // new Logger() from POWERTOOLS_SERVICE_NAME, POWERTOOLS_LOG_LEVEL, ...
 * logging.logger.appendPersistentKeys({ team: 'orders' });
 *
 * const workflow = async (event, context) => {
 *   await context.wait({ seconds: 5 });
 *   context.logger.info('waited'); // once, with execution_arn
 * };
 * export const handler = withDurableExecution(middy(workflow).use(logging), {
 *   plugins: [new DurablePowertoolsPlugin()],
 * });
 * // Powertools' shapes work too: durableLogger(logger, { logEvent: true }), durableLogger({ logger })
 * ```
 */
export function durableLogger<TEvent = unknown, TResult = unknown>(
  loggerOrOptions?: Logger | DurableLoggerOptions,
  settings?: DurableLoggerSettings,
): DurableLoggerMiddleware<TEvent, TResult> {
  const { logger, settings: checked } = resolveLoggerOptions(UTILITY, loggerOrOptions, settings);
  type Request = DurableMiddyRequest<TEvent, TResult>;
  // Same clean-up as Powertools' `injectLambdaContext({ resetKeys: true })`, where it is reached.
  const cleanUp = ({ internal }: Request): void => {
    if (internal[ATTACHED_KEY] !== undefined) detachLogger(logger, checked);
  };
  // Synchronous on purpose: the invocation is bound before middy's next await.
  const before = ({ context, event, internal }: Request): void => {
    internal[ATTACHED_KEY] = attachLogger(context, logger, checked, event, UTILITY);
    // Powertools' cleanupMiddlewares() key: a middleware that answers early cleans up after us.
    internal[LOGGER_KEY] = cleanUp;
  };
  // The workflow failed: buffered lines (logBufferOptions) are printed before the clean-up. Not for
  // middy's late early-timeout of a suspended invocation, which can fire during a later invocation.
  const onError = onWorkflowError((request: Request): void => {
    (request.internal[ATTACHED_KEY] as DurableLogInvocation | undefined)?.flushBuffer();
    cleanUp(request);
  });
  return { before, after: cleanUp, onError, logger };
}

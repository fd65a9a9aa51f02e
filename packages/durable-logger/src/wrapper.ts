import type { DurableContext, DurableExecutionHandler } from '@aws/durable-execution-sdk-js';
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  type DurableLoggerOptions,
  type DurableLoggerSettings,
  type ResolvedLoggerOptions,
  resolveLoggerOptions,
} from './options.js';
import { attachLogger, detachLogger } from './subscriber.js';

/** The handler `withDurableLogger()` returns, with the Powertools Logger it writes through. */
export type DurableLoggedHandler<TEvent, TResult> = DurableExecutionHandler<TEvent, TResult> & {
  /** The Powertools Logger: the one given, or the `new Logger()` built from the environment. */
  readonly logger: Logger;
};

/**
 * Runs `run` with the logger attached to the invocation of `context` (the wrapper and the
 * decorator): attached before the first await; on failure the buffered lines are printed; the
 * clean-up runs only on the invocation that completes the workflow (a suspended one never settles).
 */
export const runLogged = async <T>(
  { logger, settings }: ResolvedLoggerOptions,
  utility: string,
  event: unknown,
  context: DurableContext,
  run: () => Promise<T>,
): Promise<T> => {
  const state = attachLogger(context, logger, settings, event, utility);
  try {
    return await run();
  } catch (error) {
    state.flushBuffer();
    throw error;
  } finally {
    detachLogger(logger, settings);
  }
};

/**
 * The plain wrapper (no middy, no decorator): `withDurableLogger(handler, options)` does what the
 * {@link durableLogger} middleware does, with the same options, around a durable handler.
 *
 * @param handler - the durable handler (workflow)
 * @param loggerOrOptions - a Powertools Logger, `{ logger, ...settings }`, or nothing for `new Logger()`
 * @param settings - with a logger as second argument: {@link DurableLoggerSettings}
 * @throws {DurableLoggerOptionError} at once, for an unknown option (naming the closest valid one) or a wrong value
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { DurablePowertoolsPlugin, withDurableLogger } from '@durable-powertools/logger';
 *
 * const workflow = withDurableLogger(async (event, context) => {
 *   await context.step('charge', async (step) => step.logger.info('charging'));
 *   workflow.logger.info('charged'); // the default Logger: once, with execution_arn
 * }, { logEvent: true });
 * export const handler = withDurableExecution(workflow, { plugins: [new DurablePowertoolsPlugin()] });
 * ```
 */
export function withDurableLogger<TEvent, TResult>(
  handler: DurableExecutionHandler<TEvent, TResult>,
  loggerOrOptions?: Logger | DurableLoggerOptions,
  settings?: DurableLoggerSettings,
): DurableLoggedHandler<TEvent, TResult> {
  const utility = 'withDurableLogger()';
  const resolved = resolveLoggerOptions(utility, loggerOrOptions, settings);
  const logged = (event: TEvent, context: DurableContext): Promise<TResult> =>
    runLogged(resolved, utility, event, context, () => handler(event, context));
  return Object.assign(logged, { logger: resolved.logger });
}

/** @deprecated Use `withDurableLogger(handler, logger, settings)` (or the middleware, the decorator). */
export const attachDurableLogger = (
  context: DurableContext,
  logger: Logger,
  settings: DurableLoggerSettings = {},
  event?: unknown,
): void => {
  const utility = 'attachDurableLogger()';
  const resolved = resolveLoggerOptions(utility, logger, settings, true);
  attachLogger(context, resolved.logger, resolved.settings, event, utility);
};

/**
 * Base class of the errors `@durable-powertools/commons` throws, so a caller can catch them all.
 * Each utility package has a base class of its own for its own errors (`DurableLoggerError`, ...).
 *
 * @example
 * ```ts
 * import { DurableCommonsError } from '@durable-powertools/logger';
 *
 * if (error instanceof DurableCommonsError) console.error(error.message, error.cause);
 * ```
 */
export class DurableCommonsError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DurableCommonsError';
  }
}

/**
 * Thrown when a durable-powertools middleware or function is given something other than a durable
 * context. The message names the fix. Every utility package re-exports it.
 *
 * @example
 * ```ts
 * import { DurableContextMissingError } from '@durable-powertools/logger';
 *
 * try {
 *   attachDurableLogger(notADurableContext, logger);
 * } catch (error) {
 *   if (error instanceof DurableContextMissingError) console.error(error.message);
 * }
 * ```
 */
export class DurableContextMissingError extends DurableCommonsError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DurableContextMissingError';
  }
}

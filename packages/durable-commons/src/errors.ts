/**
 * Thrown when a durable-powertools middleware or function is given something other than a durable
 * context. The message names the fix.
 *
 * @example
 * ```ts
 * import { DurableContextMissingError } from '@durable-powertools/commons';
 *
 * try {
 *   attachLogger(notADurableContext, logger);
 * } catch (error) {
 *   if (error instanceof DurableContextMissingError) console.error(error.message);
 * }
 * ```
 */
export class DurableContextMissingError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'DurableContextMissingError';
  }
}

import {
  DurableOptionError,
  DurablePowertoolsError,
  type InvalidOptionDetails,
} from '@durable-powertools/commons';

/**
 * Base class of the errors `@durable-powertools/batch` throws at run time.
 *
 * @example
 * ```ts
 * if (error instanceof DurableBatchError) console.error(error.name, error.message);
 * ```
 */
export class DurableBatchError extends DurablePowertoolsError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DurableBatchError';
  }
}

/**
 * Thrown when `processDurablePartialResponse()` is called with a bad argument or option (an unknown
 * option name, a processor it cannot drive, `skipGroupOnError` without a FIFO processor, ...), before
 * any record runs. The message names the option, what was given and the fix.
 *
 * @example
 * ```ts
 * try {
 *   await processDurablePartialResponse(event, handler, processor, { context, procesInParallel: false });
 * } catch (error) {
 *   if (error instanceof DurableBatchOptionError) console.error(error.option); // 'procesInParallel'
 * }
 * ```
 */
export class DurableBatchOptionError extends DurableOptionError {
  public constructor(details: InvalidOptionDetails) {
    super(details);
    this.name = 'DurableBatchOptionError';
  }
}

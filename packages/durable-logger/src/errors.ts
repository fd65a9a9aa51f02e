import {
  DurableOptionError,
  DurablePowertoolsError,
  type InvalidOptionDetails,
} from '@durable-powertools/commons';

/**
 * Base class of the runtime errors `@durable-powertools/logger` throws.
 *
 * @example
 * ```ts
 * if (error instanceof DurableLoggerError) console.error(error.message, error.cause);
 * ```
 */
export class DurableLoggerError extends DurablePowertoolsError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DurableLoggerError';
  }
}

/**
 * Thrown at construction by every entry point given a bad option (an unknown name, with the closest
 * valid one; a `logger` that is not a Powertools Logger; a switch that is not a boolean).
 *
 * @example
 * ```ts
 * try {
 *   durableLogger({ loger: logger } as never);
 * } catch (error) {
 *   if (error instanceof DurableLoggerOptionError) console.error(error.option); // 'loger'
 * }
 * ```
 */
export class DurableLoggerOptionError extends DurableOptionError {
  public constructor(details: InvalidOptionDetails, options?: ErrorOptions) {
    super(details, options);
    this.name = 'DurableLoggerOptionError';
  }
}

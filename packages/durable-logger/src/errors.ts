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
 * Thrown where `durableLogger()`, `durableInjectLambdaContext()` or `withDurableLogger()` is given a
 * bad option: an unknown or misspelt name (the message suggests the closest valid one), something
 * other than a Powertools Logger as `logger`, a non-boolean switch. `utility`, `option`, `received`
 * and `expected` say the same for code.
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

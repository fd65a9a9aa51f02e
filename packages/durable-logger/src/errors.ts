import type { InvalidOptionDetails } from '@durable-powertools/commons';

/**
 * Base class of the errors `@durable-powertools/logger` throws.
 *
 * @example
 * ```ts
 * import { DurableLoggerError } from '@durable-powertools/logger';
 *
 * if (error instanceof DurableLoggerError) console.error(error.message, error.cause);
 * ```
 */
export class DurableLoggerError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DurableLoggerError';
  }
}

/**
 * Thrown where `durableLogger()`, `attachDurableLogger()` or `durableInjectLambdaContext()` is given
 * a bad option (a missing or wrong `logger`, a non-boolean switch, an unknown key). The message names
 * the option, what was given and what is expected; `option`, `received` and `expected` say the same
 * for code.
 *
 * @example
 * ```ts
 * import { DurableLoggerOptionError, durableLogger } from '@durable-powertools/logger';
 *
 * try {
 *   durableLogger({} as never);
 * } catch (error) {
 *   if (error instanceof DurableLoggerOptionError) console.error(error.option); // 'logger'
 * }
 * ```
 */
export class DurableLoggerOptionError extends DurableLoggerError {
  /** Path of the bad option: `logger`, `logEvent`, ... */
  public readonly option: string;
  /** The value that was given. */
  public readonly received: unknown;
  /** What the option must be, in words. */
  public readonly expected: string;

  public constructor(details: InvalidOptionDetails, options?: ErrorOptions) {
    super(details.message, options);
    this.name = 'DurableLoggerOptionError';
    this.option = details.option;
    this.received = details.received;
    this.expected = details.expected;
  }
}

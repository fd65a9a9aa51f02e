import type { InvalidOptionDetails } from '@durable-powertools/commons';

/**
 * Base class of the errors `@durable-powertools/metrics` throws.
 *
 * @example
 * ```ts
 * import { DurableMetricsError } from '@durable-powertools/metrics';
 *
 * if (error instanceof DurableMetricsError) console.error(error.message, error.cause);
 * ```
 */
export class DurableMetricsError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DurableMetricsError';
  }
}

/**
 * Thrown where `durableMetrics()`, `withDurableMetrics()` or `durableLogMetrics()` is given a bad
 * option (a missing `metrics`, a Logger where a Metrics instance belongs, a non-boolean switch, an
 * invalid default dimension, an unknown key). The message names the option, what was given and what
 * is expected; `option`, `received` and `expected` say the same for code.
 *
 * @example
 * ```ts
 * import { DurableMetricsOptionError, durableMetrics } from '@durable-powertools/metrics';
 *
 * try {
 *   durableMetrics({ metrics: logger } as never);
 * } catch (error) {
 *   if (error instanceof DurableMetricsOptionError) console.error(error.option); // 'metrics'
 * }
 * ```
 */
export class DurableMetricsOptionError extends DurableMetricsError {
  /** Path of the bad option: `metrics`, `builtInMetrics.duration`, ... */
  public readonly option: string;
  /** The value that was given. */
  public readonly received: unknown;
  /** What the option must be, in words. */
  public readonly expected: string;

  public constructor(details: InvalidOptionDetails, options?: ErrorOptions) {
    super(details.message, options);
    this.name = 'DurableMetricsOptionError';
    this.option = details.option;
    this.received = details.received;
    this.expected = details.expected;
  }
}

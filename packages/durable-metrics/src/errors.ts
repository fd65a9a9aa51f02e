import {
  DurableOptionError,
  DurablePowertoolsError,
  type InvalidOptionDetails,
} from '@durable-powertools/commons';

/**
 * Base class of the runtime errors `@durable-powertools/metrics` throws.
 *
 * @example
 * ```ts
 * import { DurableMetricsError } from '@durable-powertools/metrics';
 *
 * if (error instanceof DurableMetricsError) console.error(error.message, error.cause);
 * ```
 */
export class DurableMetricsError extends DurablePowertoolsError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DurableMetricsError';
  }
}

/**
 * Thrown where `durableMetrics()`, `durableLogMetrics()` or `withDurableMetrics()` is given a bad
 * option: an unknown or misspelt name (the message suggests the closest valid one), something other
 * than a Powertools Metrics instance (or an array of them) as `metrics`, a non-boolean switch, an
 * invalid default dimension. `utility`, `option`, `received` and `expected` say the same for code.
 *
 * @example
 * ```ts
 * import { DurableMetricsOptionError, durableMetrics } from '@durable-powertools/metrics';
 *
 * try {
 *   durableMetrics({ metric: metrics } as never);
 * } catch (error) {
 *   if (error instanceof DurableMetricsOptionError) console.error(error.message); // ... did you mean `metrics`?
 * }
 * ```
 */
export class DurableMetricsOptionError extends DurableOptionError {
  public constructor(details: InvalidOptionDetails, options?: ErrorOptions) {
    super(details, options);
    this.name = 'DurableMetricsOptionError';
  }
}

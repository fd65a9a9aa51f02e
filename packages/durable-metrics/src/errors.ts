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
 * Thrown at construction by every entry point given a bad option (an unknown name, with the closest
 * valid one; `metrics` that are not Powertools Metrics; a switch that is not a boolean; an invalid
 * default dimension).
 *
 * @example
 * ```ts
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

import {
  DurableOptionError,
  DurablePowertoolsError,
  type InvalidOptionDetails,
} from '@durable-powertools/commons';

/**
 * Base class of the errors `@durable-powertools/tracer` throws at run time.
 *
 * @example
 * ```ts
 * import { DurableTracerError } from '@durable-powertools/tracer';
 *
 * if (error instanceof DurableTracerError) console.error(error.message, error.cause);
 * ```
 */
export class DurableTracerError extends DurablePowertoolsError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DurableTracerError';
  }
}

/**
 * Thrown at construction by every entry point given a bad option (an unknown name, with the closest
 * valid one; a `tracer` that is not a Powertools Tracer; a switch that is not a boolean).
 *
 * @example
 * ```ts
 * import { DurableTracerOptionError, durableTracer } from '@durable-powertools/tracer';
 *
 * try {
 *   durableTracer({ tracr: tracer } as never);
 * } catch (error) {
 *   if (error instanceof DurableTracerOptionError) console.error(error.option); // 'tracr'
 * }
 * ```
 */
export class DurableTracerOptionError extends DurableOptionError {
  public constructor(details: InvalidOptionDetails, options?: ErrorOptions) {
    super(details, options);
    this.name = 'DurableTracerOptionError';
  }
}

import {
  DurableOptionError,
  DurablePowertoolsError,
  type InvalidOptionDetails,
} from '@durable-powertools/commons';

/**
 * Base class of the errors `@durable-powertools/tracer` throws at run time (besides the suite-wide
 * `DurablePluginNotRegisteredError`).
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
 * Thrown where `durableTracer()`, `durableCaptureLambdaHandler()`, `withDurableTracer()` or the
 * deprecated `new DurableTracerPlugin()` is given a bad option: an unknown name (the message names the
 * closest valid one), a `tracer` that is not a Powertools Tracer, a switch that is not a boolean.
 * `utility`, `option`, `received` and `expected` say the same for code.
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

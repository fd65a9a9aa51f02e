import {
  DurablePluginNotRegisteredError,
  type InvalidOptionDetails,
} from '@durable-powertools/commons';

/**
 * Base class of the errors `@durable-powertools/tracer` throws (besides the suite-wide
 * `DurablePluginNotRegisteredError`).
 *
 * @example
 * ```ts
 * import { DurableTracerError } from '@durable-powertools/tracer';
 *
 * if (error instanceof DurableTracerError) console.error(error.message, error.cause);
 * ```
 */
export class DurableTracerError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DurableTracerError';
  }
}

/**
 * Thrown where `durableTracer()`, `durableCaptureLambdaHandler()` or `new DurableTracerPlugin()` is
 * given a bad option (a missing or wrong `tracer`, a non-boolean switch, an unknown key). The message
 * names the option, what was given and what is expected; `option`, `received` and `expected` say the
 * same for code.
 *
 * @example
 * ```ts
 * import { DurableTracerOptionError, durableTracer } from '@durable-powertools/tracer';
 *
 * try {
 *   durableTracer({} as never);
 * } catch (error) {
 *   if (error instanceof DurableTracerOptionError) console.error(error.option); // 'tracer'
 * }
 * ```
 */
export class DurableTracerOptionError extends DurableTracerError {
  /** Path of the bad option: `tracer`, `captureResponse`, ... */
  public readonly option: string;
  /** The value that was given. */
  public readonly received: unknown;
  /** What the option must be, in words. */
  public readonly expected: string;

  public constructor(details: InvalidOptionDetails, options?: ErrorOptions) {
    super(details.message, options);
    this.name = 'DurableTracerOptionError';
    this.option = details.option;
    this.received = details.received;
    this.expected = details.expected;
  }
}

/**
 * The tracer's name for `DurablePluginNotRegisteredError` (kept for code that catches it): thrown on
 * the first invocation when tracing is on but `DurablePowertoolsPlugin` is not registered. The
 * message names the one registration line.
 *
 * @deprecated Catch `DurablePluginNotRegisteredError` (re-exported by every package).
 *
 * @example
 * ```ts
 * import { DurableTracerPluginMissingError } from '@durable-powertools/tracer';
 *
 * if (error instanceof DurableTracerPluginMissingError) console.error(error.message);
 * ```
 */
export class DurableTracerPluginMissingError extends DurablePluginNotRegisteredError {
  public constructor() {
    super('durableTracer()');
    this.name = 'DurableTracerPluginMissingError';
  }
}

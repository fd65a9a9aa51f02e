import type { InvalidOptionDetails } from '@durable-powertools/commons';

/**
 * Base class of the errors `@durable-powertools/tracer` throws.
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
 * Thrown by the {@link durableTracer} middleware (and the decorator) when tracing is enabled but no
 * {@link DurableTracerPlugin} wraps the invocation. Without the plugin the handler subsegment of a
 * suspended invocation could never be closed (its handler promise never settles), so the middleware
 * refuses to run half-configured. The message names both ways to register the plugin.
 *
 * @example
 * ```ts
 * import { DurableTracerPluginMissingError } from '@durable-powertools/tracer';
 *
 * if (error instanceof DurableTracerPluginMissingError) console.error(error.message);
 * ```
 */
export class DurableTracerPluginMissingError extends DurableTracerError {
  public constructor(utility = 'durableTracer()', options?: ErrorOptions) {
    super(
      `${utility} found no DurableTracerPlugin around this invocation, so it cannot close the ` +
        'handler subsegment of a suspended invocation. Register the plugin: ' +
        "withDurableExecution(handler, { plugins: [new DurableTracerPlugin({ tracer })] }), or, for middy's " +
        'durable mode (middy(handler, { executionMode: executionModeDurableContext })), set the environment ' +
        'variable DURABLE_EXECUTION_PLUGINS=@durable-powertools/tracer.',
      options,
    );
    this.name = 'DurableTracerPluginMissingError';
  }
}

import type { InvalidOptionDetails } from './options.js';

/**
 * Base class of every error `@durable-powertools/commons` throws.
 *
 * @example
 * ```ts
 * if (error instanceof DurablePowertoolsError) console.error(error.name, error.message);
 * ```
 */
export class DurablePowertoolsError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DurablePowertoolsError';
  }
}

/**
 * Thrown when a durable-powertools middleware or function is given something other than a durable
 * context. The message names the fix.
 *
 * @example
 * ```ts
 * import { DurableContextMissingError } from '@durable-powertools/commons';
 *
 * try {
 *   attachLogger(notADurableContext, logger);
 * } catch (error) {
 *   if (error instanceof DurableContextMissingError) console.error(error.message);
 * }
 * ```
 */
export class DurableContextMissingError extends DurablePowertoolsError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DurableContextMissingError';
  }
}

/**
 * Thrown on the first invocation of a utility whose invocation no `DurablePowertoolsPlugin` wraps:
 * without it the utility would lose data (child-context metrics, metrics of an execution the SDK
 * fails, replay state of child contexts, closed trace segments). The message names the one line.
 *
 * @example
 * ```ts
 * import { DurablePluginNotRegisteredError } from '@durable-powertools/commons';
 *
 * if (error instanceof DurablePluginNotRegisteredError) console.error(error.message);
 * ```
 */
export class DurablePluginNotRegisteredError extends DurablePowertoolsError {
  /** The utility that needs the plugin, e.g. `durableMetrics()`. */
  public readonly utility: string;

  public constructor(utility: string) {
    super(
      `${utility} needs DurablePowertoolsPlugin, which is not registered for this invocation. Register it ` +
        `once for every durable-powertools utility: withDurableExecution(handler, { plugins: [new DurablePowertoolsPlugin()] }), or, with middy's durable ` +
        `mode, middy(handler, { executionMode: executionModeDurablePowertools }) (every utility exports it), or ` +
        'the environment variable DURABLE_EXECUTION_PLUGINS=@durable-powertools/commons/plugin ' +
        "(every utility's /plugin subpath is the same module).",
    );
    this.name = 'DurablePluginNotRegisteredError';
    this.utility = utility;
  }
}

/**
 * A utility was given a bad option: raised where the utility is built, never at invocation time.
 * Each package's option error (`DurableLoggerOptionError`, ...) extends it, so one `catch` can
 * handle all of them.
 *
 * @example
 * ```ts
 * try {
 *   durableLogger({ loger: logger });
 * } catch (error) {
 *   if (error instanceof DurableOptionError) console.error(error.option, error.expected);
 * }
 * ```
 */
export class DurableOptionError extends DurablePowertoolsError {
  /** The entry point that was given the option: `durableLogger()`. */
  public readonly utility: string;
  /** Path of the bad option: `logger`, `config.eventKeyJmesPath`, ... */
  public readonly option: string;
  /** The value that was given. */
  public readonly received: unknown;
  /** What the option must be, in words. */
  public readonly expected: string;

  public constructor(details: InvalidOptionDetails, options?: ErrorOptions) {
    super(details.message, options);
    this.name = 'DurableOptionError';
    this.utility = details.utility;
    this.option = details.option;
    this.received = details.received;
    this.expected = details.expected;
  }
}

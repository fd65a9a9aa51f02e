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

/** The one line that registers the suite with `withDurableExecution`. */
export const PLUGIN_REGISTRATION_LINE =
  'withDurableExecution(handler, { plugins: [new DurablePowertoolsPlugin()] })';

/** The one environment entry that registers the suite for middy's durable mode. */
export const PLUGIN_ENVIRONMENT_ENTRY =
  'DURABLE_EXECUTION_PLUGINS=@durable-powertools/commons/plugin';

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
        `once for every durable-powertools utility: ${PLUGIN_REGISTRATION_LINE}, or, with middy's durable ` +
        `mode (middy(handler, { executionMode: executionModeDurableContext })), the environment variable ` +
        `${PLUGIN_ENVIRONMENT_ENTRY} (every utility's /plugin subpath is the same module).`,
    );
    this.name = 'DurablePluginNotRegisteredError';
    this.utility = utility;
  }
}

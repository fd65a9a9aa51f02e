import { getBooleanFromEnv } from '@aws-lambda-powertools/commons/utils/env';
import { Logger } from '@aws-lambda-powertools/logger';
import { OptionChecks } from '@durable-powertools/commons';
import { DurableLoggerOptionError } from './errors.js';

/**
 * Environment variable that turns on the replay debug switch (the default of `logReplayed`):
 * replayed lines are written tagged `"replayed": true` instead of being dropped.
 *
 * @example
 * ```ts
 * process.env[LOG_REPLAYED_ENV_VAR] = 'true'; // DURABLE_POWERTOOLS_LOG_REPLAYED=true
 * ```
 */
export const LOG_REPLAYED_ENV_VAR = 'DURABLE_POWERTOOLS_LOG_REPLAYED';

/**
 * Options of `durableLogger()`, `durableInjectLambdaContext()` and `withDurableLogger()`, other than
 * the logger itself (Powertools' own shape: `durableLogger(logger, settings)`).
 */
export interface DurableLoggerSettings {
  /**
   * Log the incoming event once per durable execution (on its first invocation), as Powertools'
   * `logEvent` does once per invocation.
   * @default the `POWERTOOLS_LOGGER_LOG_EVENT` environment variable, as in Powertools
   */
  logEvent?: boolean;
  /**
   * JMESPath expression to the correlation id in the event, as in Powertools (the logger needs a
   * `correlationIdSearchFn`). Without it, a single-record SQS, Kinesis or DynamoDB Streams event
   * gives its `messageId` / `eventID`.
   * @default undefined
   */
  correlationIdPath?: string;
  /**
   * Also write the execution ARN as `executionArn` (the key the SDK's own default logger writes),
   * for a view or query that filters on that key. About 137 bytes per record with a Lambda ARN.
   * @default false
   */
  executionArnConsoleKey?: boolean;
  /**
   * Write `operation_id` (the hashed operation id of the checkpoint history, 34 bytes) on every
   * record of an operation, and `parent_id` (31 bytes) inside child contexts. Without it, a record of
   * a named operation carries `operation_name` only, an unnamed one `operation_id`.
   * @default false
   */
  operationIdKeys?: boolean;
  /**
   * Clear the keys appended with `logger.appendKeys()` when each invocation starts and ends: a
   * suspended invocation never reaches middy's `after`.
   * @default true
   */
  resetKeys?: boolean;
  /**
   * Write replayed lines tagged `"replayed": true` instead of dropping them (a debug switch).
   * @default the `DURABLE_POWERTOOLS_LOG_REPLAYED` environment variable (`true`, `1`, `yes`, `on`), else `false`
   */
  logReplayed?: boolean;
}

/** The same options in the object form: {@link DurableLoggerSettings} plus the logger. */
export interface DurableLoggerOptions extends DurableLoggerSettings {
  /**
   * The Powertools Logger that `context.logger` and direct calls write through.
   * @default new Logger(), configured from the environment (POWERTOOLS_SERVICE_NAME, POWERTOOLS_LOG_LEVEL, ...)
   */
  logger?: Logger;
}

/** What every entry point was given, checked: the logger to use and the settings. */
export interface ResolvedLoggerOptions {
  readonly logger: Logger;
  readonly settings: Readonly<DurableLoggerSettings>;
}

/** Methods that make a Powertools Logger (duck-typed: two copies of Powertools may be installed). */
const LOGGER_METHODS = ['info', 'error', 'addContext', 'resetKeys', 'shouldLogEvent'] as const;

const SETTINGS_KEYS = [
  'logEvent',
  'correlationIdPath',
  'executionArnConsoleKey',
  'operationIdKeys',
  'resetKeys',
  'logReplayed',
] as const satisfies readonly (keyof DurableLoggerSettings)[];

const LOGGER = 'a Powertools Logger instance';
const LOGGER_FIX =
  "Pass the Logger from '@aws-lambda-powertools/logger' (new Logger({ serviceName: 'orders' })), or nothing for new Logger().";

const isLogger = (value: unknown): value is Logger =>
  typeof value === 'object' &&
  value !== null &&
  LOGGER_METHODS.every((name) => typeof (value as Record<string, unknown>)[name] === 'function');

/** A checker whose errors are {@link DurableLoggerOptionError}s naming `utility`. */
export const loggerChecks = (utility: string): OptionChecks =>
  new OptionChecks(utility, (details) => new DurableLoggerOptionError(details));

/**
 * Checks what an entry point was given, in Powertools' shape `(logger, settings)` or the object
 * shape `({ logger, ...settings })`, either one optional: unknown names first (with the closest valid
 * one), then each value. Without a logger, builds `new Logger()` from the environment.
 */
export const resolveLoggerOptions = (
  utility: string,
  loggerOrOptions?: unknown,
  settings?: unknown,
  loggerRequired = false,
): ResolvedLoggerOptions => {
  const check = loggerChecks(utility);
  let options: Readonly<Record<string, unknown>>;
  let logger: unknown;
  if (isLogger(loggerOrOptions)) {
    logger = loggerOrOptions;
    options = check.object(settings ?? {}, 'a settings object or left out', 'settings');
    check.knownKeys(options, SETTINGS_KEYS);
  } else {
    const prototype =
      typeof loggerOrOptions === 'object' &&
      loggerOrOptions !== null &&
      Object.getPrototypeOf(loggerOrOptions);
    // Not a Logger, yet an instance of some class: a wrong logger rather than an options object.
    if (loggerRequired || (prototype && prototype !== Object.prototype)) {
      check.reject('logger', loggerOrOptions, LOGGER, LOGGER_FIX);
    }
    options = check.object(
      loggerOrOptions ?? {},
      `${LOGGER}, an options object ({ logger, ...settings }) or nothing`,
    );
    check.knownKeys(options, ['logger', ...SETTINGS_KEYS]);
    if (settings !== undefined) {
      check.reject('settings', settings, 'left out when the first argument is an options object');
    }
    check.instance(options, 'logger', LOGGER, LOGGER_METHODS, LOGGER_FIX, true);
    logger = options.logger ?? new Logger();
  }
  for (const key of SETTINGS_KEYS) {
    if (key === 'correlationIdPath') check.string(options, key);
    else check.boolean(options, key);
  }
  const { logger: _given, ...rest } = options as DurableLoggerOptions;
  return { logger: logger as Logger, settings: rest };
};

/** Whether the replay debug switch is on in the environment (Powertools' boolean parsing). */
export const logReplayedFromEnv = (): boolean => {
  try {
    return getBooleanFromEnv({
      key: LOG_REPLAYED_ENV_VAR,
      defaultValue: false,
      extendedParsing: true,
    });
  } catch {
    return false; // neither true nor false (Powertools would throw): off
  }
};

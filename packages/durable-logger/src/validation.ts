import type { Logger } from '@aws-lambda-powertools/logger';
import { OptionChecks } from '@durable-powertools/commons';
import { DurableLoggerOptionError } from './errors.js';
import type { DurableLoggerOptions, DurableLoggerSettings } from './types/options.js';

/** The Powertools Logger methods this package calls. */
const LOGGER_METHODS = [
  'trace',
  'debug',
  'info',
  'warn',
  'error',
  'critical',
  'addContext',
  'resetKeys',
  'shouldLogEvent',
  'setCorrelationId',
  'getCorrelationId',
  'removeKeys',
] as const;

const SETTINGS_KEYS = [
  'logEvent',
  'correlationIdPath',
  'executionArnConsoleKey',
  'resetKeys',
  'logReplayed',
] as const;

const LOGGER_FIX =
  "Pass the Logger from '@aws-lambda-powertools/logger': new Logger({ serviceName: 'orders' }).";

/** A checker whose errors are {@link DurableLoggerOptionError}s naming `utility`. */
export const loggerChecks = (utility: string): OptionChecks =>
  new OptionChecks(utility, (details) => new DurableLoggerOptionError(details));

const checkSettings = (check: OptionChecks, settings: Readonly<Record<string, unknown>>): void => {
  check.boolean(settings, 'logEvent');
  check.string(settings, 'correlationIdPath');
  check.boolean(settings, 'executionArnConsoleKey');
  check.boolean(settings, 'resetKeys');
  check.boolean(settings, 'logReplayed');
};

/**
 * Checks the options of {@link durableLogger} (and the decorator, which takes the same), and returns
 * them typed.
 */
export const validateLoggerOptions = (utility: string, input: unknown): DurableLoggerOptions => {
  const check = loggerChecks(utility);
  const options = check.object(
    input,
    'an options object with a Powertools Logger: { logger }',
    'options',
    `Call it as ${utility.replace('()', '')}({ logger }).`,
  );
  check.instance(options, 'logger', 'a Powertools Logger instance', LOGGER_METHODS, LOGGER_FIX);
  check.knownKeys(options, ['logger', ...SETTINGS_KEYS]);
  checkSettings(check, options);
  return options as unknown as DurableLoggerOptions;
};

/** Checks the logger and settings given to {@link attachDurableLogger}. */
export const validateAttachArguments = (
  logger: unknown,
  settings: unknown,
): { logger: Logger; settings: DurableLoggerSettings } => {
  const check = loggerChecks('attachDurableLogger()');
  check.instance({ logger }, 'logger', 'a Powertools Logger instance', LOGGER_METHODS, LOGGER_FIX);
  const checked = check.object(settings ?? {}, 'a settings object or left out', 'settings');
  check.knownKeys(checked, SETTINGS_KEYS);
  checkSettings(check, checked);
  return { logger: logger as Logger, settings: checked as DurableLoggerSettings };
};

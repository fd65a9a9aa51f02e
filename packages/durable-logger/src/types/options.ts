import type { Logger } from '@aws-lambda-powertools/logger';

/**
 * Options of {@link attachDurableLogger} and of the {@link durableLogger} middleware, other than the
 * logger itself.
 *
 * @example
 * ```ts
 * const options: DurableLoggerSettings = {
 *   logEvent: true,
 *   correlationIdPath: 'headers."x-correlation-id"',
 *   executionArnConsoleKey: false,
 * };
 * attachDurableLogger(context, logger, options);
 * ```
 */
export interface DurableLoggerSettings {
  /**
   * Log the incoming event once per durable execution (on its first invocation), as Powertools'
   * `logEvent` does once per invocation. Defaults to Powertools' `POWERTOOLS_LOGGER_LOG_EVENT`.
   */
  logEvent?: boolean;
  /**
   * JMESPath expression to the correlation id in the event, as in Powertools (the logger needs a
   * `correlationIdSearchFn`). Without it, a single-record SQS, Kinesis or DynamoDB Streams event
   * gives its `messageId` / `eventID`.
   */
  correlationIdPath?: string;
  /**
   * Also write the execution ARN as `executionArn`, the key the Lambda console's per-execution log
   * view filters on. Defaults to `true`.
   */
  executionArnConsoleKey?: boolean;
  /**
   * Clear the keys appended with `logger.appendKeys()` when each invocation starts. Defaults to
   * `true`: a suspended invocation never reaches `after`, so this is the only reliable reset.
   */
  resetKeys?: boolean;
  /**
   * Write replayed lines tagged `"replayed": true` instead of dropping them. Defaults to the
   * `DURABLE_POWERTOOLS_LOG_REPLAYED` environment variable.
   */
  logReplayed?: boolean;
}

/**
 * Options of the {@link durableLogger} middleware: the Powertools `Logger` to attach, plus
 * {@link DurableLoggerSettings}.
 *
 * @example
 * ```ts
 * const logger = new Logger({ serviceName: 'orders' });
 * const options: DurableLoggerOptions = { logger, logEvent: true };
 * export const handler = withDurableExecution(middy(workflow).use(durableLogger(options)));
 * ```
 */
export interface DurableLoggerOptions extends DurableLoggerSettings {
  /** The Powertools Logger that `context.logger` and direct calls write through. */
  logger: Logger;
}

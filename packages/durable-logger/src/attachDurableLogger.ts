import type { DurableContext } from '@aws/durable-execution-sdk-js';
import type { Logger } from '@aws-lambda-powertools/logger';
import { assertDurableContext, requireLifecycle } from '@durable-powertools/commons';
import { isEnvSwitchOn, LOG_REPLAYED_ENV_VAR } from './constants.js';
import { CORRELATION_ID_KEY, resolveCorrelationId } from './correlationId.js';
import { DurableLoggerAdapter } from './durableLoggerAdapter.js';
import { DurableLogInvocation } from './durableLogInvocation.js';
import { printAsLambdaJsonLines } from './jsonLogFormat.js';
import { rememberAttached, subscribeLogger } from './loggerState.js';
import { routeDirectCalls } from './powertoolsMethods.js';
import type { DurableLoggerSettings } from './types/options.js';

/**
 * Attaches a Powertools `Logger` to a durable invocation, without middy. Call it first thing in the
 * durable handler, on every invocation (before any durable operation, while the SDK can still tell a
 * first invocation from a replay). From then on, in this invocation:
 *
 * - `context.logger` (root, steps, child contexts, map/parallel branches) and direct calls on
 *   `logger` in the workflow write through Powertools, each line once across all invocations;
 * - every record carries `execution_arn` (and `executionArn`), the running operation's
 *   `operation_id`, `operation_name`, `attempt` and `parent_id`, and the Lambda context keys.
 *
 * It also clears keys appended in an earlier invocation and, with `logEvent`, logs the event on the
 * execution's first invocation.
 *
 * Direct calls on `logger` are matched to the invocation through the lifecycle core's async
 * context; `context.logger` needs nothing of the kind. Needs the suite's one plugin,
 * `DurablePowertoolsPlugin`: without it the first invocation fails with
 * `DurablePluginNotRegisteredError`.
 *
 * @param context - the durable context the handler received
 * @param logger - the Powertools Logger to write through
 * @param settings - see {@link DurableLoggerSettings}
 * @param event - the handler's event, for `logEvent` and the correlation id
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { Logger } from '@aws-lambda-powertools/logger';
 * import { DurablePowertoolsPlugin, attachDurableLogger } from '@durable-powertools/logger';
 *
 * const logger = new Logger({ serviceName: 'orders' });
 *
 * export const handler = withDurableExecution(async (event, context) => {
 *   attachDurableLogger(context, logger, { logEvent: true }, event);
 *   await context.step('charge', async (step) => step.logger.info('charging'));
 *   logger.info('charged'); // once, with execution_arn
 * }, { plugins: [new DurablePowertoolsPlugin()] });
 * ```
 */
export const attachDurableLogger = (
  context: DurableContext,
  logger: Logger,
  settings: DurableLoggerSettings = {},
  event?: unknown,
): void => {
  const root = assertDurableContext(context, 'attachDurableLogger()', event);
  subscribeLogger();
  const lifecycle = requireLifecycle(root, 'attachDurableLogger() / durableLogger()');
  const { isFirstInvocation } = lifecycle;
  const methods = routeDirectCalls(logger);
  printAsLambdaJsonLines(logger);
  // A suspended invocation never reaches middy's `after`, so keys appended in it are cleared here.
  if (settings.resetKeys !== false) logger.resetKeys();

  // The Lambda context keys exactly as Powertools' injectLambdaContext adds them. Powertools keeps
  // them per invocation (invocation-scoped under Lambda's multi-concurrency mode).
  if (root.lambdaContext !== undefined) logger.addContext(root.lambdaContext);
  const invocationKeys: Record<string, unknown> = {};
  const correlationId = resolveCorrelationId(logger, event, settings.correlationIdPath);
  if (correlationId !== undefined && correlationId !== null) {
    invocationKeys[CORRELATION_ID_KEY] = correlationId;
  }
  const logReplayed = settings.logReplayed ?? isEnvSwitchOn(LOG_REPLAYED_ENV_VAR);
  const invocation = new DurableLogInvocation({
    logger,
    methods,
    root,
    invocationKeys,
    executionArnConsoleKey: settings.executionArnConsoleKey !== false,
    logReplayed,
    resetKeys: settings.resetKeys !== false,
  });
  root.configureLogger({
    customLogger: new DurableLoggerAdapter(invocation),
    ...(logReplayed && { modeAware: false }),
  });
  // Direct `logger` calls find their invocation through the lifecycle core's invocation.
  rememberAttached(lifecycle, logger, invocation);

  if (isFirstInvocation && logger.shouldLogEvent(settings.logEvent)) {
    logger.info('Lambda invocation event', { event });
  }
};

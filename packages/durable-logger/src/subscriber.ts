import type { DurableContext } from '@aws/durable-execution-sdk-js';
import type { Logger } from '@aws-lambda-powertools/logger';
import { type DurableSubscriber, requireInvocation, subscribe } from '@durable-powertools/commons';
import type { DurableLoggerSettings } from './options.js';
import { descendantsOf, printAsLambdaJsonLines } from './powertoolsInternals.js';
import {
  attachedLoggers,
  DurableLogInvocation,
  forgetAttached,
  rememberAttached,
  routeDirectCalls,
} from './state.js';

/**
 * The logger's lifecycle hooks: when an invocation ends (suspended, completed, or answered early by
 * another middleware) its loggers forget it and drop the keys it appended; with the replay debug
 * switch (or log buffering), each child context is told not to drop replayed lines itself, so the
 * logger sees them (and tags them, or rebuilds its buffer).
 */
const loggerSubscriber: DurableSubscriber = {
  name: '@durable-powertools/logger',
  onInvocationEnd: (invocation) => {
    const attached = attachedLoggers.peek(invocation);
    for (const [logger, state] of attached ?? []) {
      forgetAttached(logger, state);
      if (state.resetsKeys) logger.resetKeys();
    }
    attached?.clear();
  },
  onContextBound: (context, operation, invocation) => {
    if (operation === undefined) return;
    for (const state of attachedLoggers.peek(invocation)?.values() ?? []) {
      if (state.seesReplayedLines) return context.configureLogger({ modeAware: false });
    }
  },
};

/** `messageId` / `eventID` of the one record of an SQS, Kinesis or DynamoDB Streams event. */
const eventSourceRecordId = (event: unknown): unknown => {
  const records = (event as { Records?: unknown } | null | undefined)?.Records;
  if (!Array.isArray(records) || records.length !== 1) return undefined;
  const { eventSource, messageId, eventID } = records[0] as Record<string, unknown>;
  const id = eventSource === 'aws:sqs' ? messageId : eventID;
  const streams = eventSource === 'aws:kinesis' || eventSource === 'aws:dynamodb';
  return typeof id === 'string' && (streams || eventSource === 'aws:sqs') ? id : undefined;
};

/**
 * The correlation id of `event`: Powertools' own `setCorrelationId(event, path)` when a path is
 * given (so the logger's `correlationIdSearchFn` and its warnings apply), read back and removed from
 * the shared logger (it travels with each record instead); else the id of a one-record batch.
 */
const correlationIdOf = (logger: Logger, event: unknown, path: string | undefined): unknown => {
  if (path === undefined) return eventSourceRecordId(event);
  logger.setCorrelationId(event, path);
  const correlationId = logger.getCorrelationId();
  logger.removeKeys(['correlation_id']);
  return correlationId;
};

/**
 * Attaches `logger` to the invocation of `context`, first thing on every invocation (before any
 * durable operation): `context.logger` and direct calls on `logger` (and its `createChild()`
 * loggers) write each line once, with `execution_arn` and the running operation's keys; keys of an
 * earlier invocation are cleared; with `logEvent`, the event is logged on the execution's first invocation.
 *
 * @throws {DurableContextMissingError} when `context` is not a durable context
 * @throws {DurablePluginNotRegisteredError} when no `DurablePowertoolsPlugin` drives the invocation
 */
export const attachLogger = (
  context: DurableContext,
  logger: Logger,
  settings: Readonly<DurableLoggerSettings>,
  event: unknown,
  utility: string,
): DurableLogInvocation => {
  const invocation = requireInvocation(context, utility, event);
  subscribe(loggerSubscriber);
  printAsLambdaJsonLines(logger);
  for (const each of [logger, ...descendantsOf(logger)]) {
    routeDirectCalls(each);
    // A suspended invocation never reaches middy's `after`, so keys appended in it are cleared here.
    if (settings.resetKeys !== false) each.resetKeys();
    // The Lambda context keys exactly as Powertools' injectLambdaContext adds them.
    if (context.lambdaContext !== undefined) each.addContext(context.lambdaContext);
  }
  const correlationId = correlationIdOf(logger, event, settings.correlationIdPath);
  const state = new DurableLogInvocation(logger, invocation.executionArn, correlationId, settings);
  context.configureLogger({
    customLogger: state.sdkLogger(),
    ...(state.seesReplayedLines && { modeAware: false }),
  });
  rememberAttached(invocation, state);
  if (invocation.isFirstInvocation && logger.shouldLogEvent(settings.logEvent)) {
    logger.info('Lambda invocation event', { event });
  }
  return state;
};

/**
 * Once the workflow has completed (a suspended invocation never gets here): the same clean-up as
 * Powertools' `injectLambdaContext({ resetKeys: true })`, child loggers included.
 */
export const detachLogger = (logger: Logger, settings: Readonly<DurableLoggerSettings>): void => {
  forgetAttached(logger);
  if (settings.resetKeys === false) return;
  for (const each of [logger, ...descendantsOf(logger)]) each.resetKeys();
};

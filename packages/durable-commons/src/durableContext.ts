import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { DurableContextMissingError } from './errors.js';
import { currentInvocation } from './lifecycle/api.js';
import { readExecutionMode, readParentId, readStepData } from './sdkInternals.js';
import type { DurableExecutionMode } from './types/invocation.js';

/**
 * Whether `value` is a durable context created by `@aws/durable-execution-sdk-js`.
 *
 * @example
 * ```ts
 * if (isDurableContext(request.context)) {
 *   console.log(request.context.executionContext.durableExecutionArn);
 * }
 * ```
 */
export const isDurableContext = (value: unknown): value is DurableContext => {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<DurableContext>;
  return (
    typeof candidate.step === 'function' &&
    typeof candidate.configureLogger === 'function' &&
    typeof candidate.executionContext?.durableExecutionArn === 'string'
  );
};

/** Whether `value` looks like the raw input Lambda sends to a durable function. */
const isRawDurableInvocationInput = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  'DurableExecutionArn' in value &&
  'CheckpointToken' in value;

/**
 * Returns `context` as a durable context, or throws a {@link DurableContextMissingError} that says how
 * to wire the handler.
 *
 * @param context - what the handler (or middy's `request.context`) received
 * @param utility - the name of the calling utility, for the error message
 * @param event - the event, to recognise a middy chain wrapped outside `withDurableExecution`
 *
 * @example
 * ```ts
 * const durableContext = assertDurableContext(request.context, 'durableLogger()', request.event);
 * ```
 */
export const assertDurableContext = (
  context: unknown,
  utility: string,
  event?: unknown,
): DurableContext => {
  if (isDurableContext(context)) return context;
  if (isRawDurableInvocationInput(event)) {
    throw new DurableContextMissingError(
      `${utility} received the raw durable invocation input: the middy chain wraps withDurableExecution(). ` +
        'Put withDurableExecution() outside instead: withDurableExecution(middy(handler).use(...)), ' +
        'or use middy(handler, { executionMode: executionModeDurableContext }).',
    );
  }
  throw new DurableContextMissingError(
    `${utility} needs a durable context, but the handler received a plain Lambda context. ` +
      'Wrap the middy chain in withDurableExecution(middy(handler).use(...)) from ' +
      "'@aws/durable-execution-sdk-js', or use middy(handler, { executionMode: executionModeDurableContext }).",
  );
};

/**
 * The ARN of the durable execution `context` belongs to.
 *
 * @example
 * ```ts
 * logger.appendKeys({ execution_arn: getExecutionArn(context) });
 * ```
 */
export const getExecutionArn = (context: DurableContext): string =>
  context.executionContext.durableExecutionArn;

/**
 * The replay state of `context` right now, or `undefined` if the SDK no longer exposes it.
 * The root context starts in `ReplayMode` on every invocation after the first and flips to
 * `ExecutionMode` once the code passes the last operation completed in an earlier invocation.
 *
 * @example
 * ```ts
 * if (getDurableExecutionMode(context) === 'ReplayMode') return; // replayed: already done once
 * ```
 */
export const getDurableExecutionMode = (
  context: DurableContext,
): DurableExecutionMode | undefined => {
  return readExecutionMode(context);
};

/**
 * Whether code running against `context` now is a replay of work done in an earlier invocation.
 *
 * @example
 * ```ts
 * if (!isReplaying(context)) metrics.addMetric('started', MetricUnit.Count, 1);
 * ```
 */
export const isReplaying = (context: DurableContext): boolean => {
  const mode = getDurableExecutionMode(context);
  return mode !== undefined && mode !== 'ExecutionMode';
};

/**
 * The hashed operation id of the child context that `context` belongs to (`undefined` at the root).
 *
 * @example
 * ```ts
 * const parentId = getParentId(childContext);
 * ```
 */
export const getParentId = (context: DurableContext): string | undefined => {
  return readParentId(context);
};

/**
 * When the durable execution started: the SDK's `executionStartTimestamp` when `DurablePowertoolsPlugin`
 * wraps the invocation, else read from the checkpoint history; `undefined` if neither says.
 *
 * @example
 * ```ts
 * const startedAt = getExecutionStartTime(context);
 * const durationMs = startedAt ? Date.now() - startedAt.getTime() : undefined;
 * ```
 */
export const getExecutionStartTime = (context: DurableContext): Date | undefined => {
  const invocation = currentInvocation();
  if (invocation?.executionArn === getExecutionArn(context)) {
    const start = invocation.executionStartTimestamp;
    if (start !== undefined) return start instanceof Date ? start : new Date(start);
  }
  const stepData = readStepData(context);
  if (stepData === undefined) return undefined;
  for (const operation of Object.values(stepData)) {
    if (operation.Type !== 'EXECUTION') continue;
    const start = operation.StartTimestamp;
    if (start instanceof Date) return start;
    if (typeof start === 'number' || typeof start === 'string') {
      const date = new Date(typeof start === 'number' && start < 1e12 ? start * 1000 : start);
      return Number.isNaN(date.getTime()) ? undefined : date;
    }
  }
  return undefined;
};

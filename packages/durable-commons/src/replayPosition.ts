import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { isReplaying } from './durableContext.js';

/**
 * Runtime fields of the SDK's `DurableContextImpl` (marked `@internal` in its types) that say where
 * a context's code is: its operation-id prefix, how many operations it has started so far, and the
 * checkpoint history it replays from.
 */
interface ContextCursorInternals {
  durableExecutionMode?: unknown;
  _stepPrefix?: unknown;
  _stepCounter?: unknown;
  _executionContext?: { getStepData?: (stepId: string) => unknown };
}

/**
 * The id the SDK will give the next operation `context` starts (`'3'` at the root, `'2-3'` in the
 * child context `'2'`), or `undefined` if the SDK no longer exposes its cursor.
 */
const nextOperationId = (context: DurableContext): string | undefined => {
  const { _stepPrefix: prefix, _stepCounter: counter } = context as ContextCursorInternals;
  if (typeof counter !== 'number') return undefined;
  if (prefix === undefined) return `${counter + 1}`;
  return typeof prefix === 'string' ? `${prefix}-${counter + 1}` : undefined;
};

/**
 * Whether the next operation `context` will start is already in the checkpoint history, that is,
 * whether an earlier invocation already ran the code `context` is running now.
 *
 * @example
 * ```ts
 * if (hasRecordedNextOperation(childContext)) return; // an earlier invocation got past this point
 * ```
 */
export const hasRecordedNextOperation = (context: DurableContext): boolean => {
  const operationId = nextOperationId(context);
  if (operationId === undefined) return false;
  const getStepData = (context as ContextCursorInternals)._executionContext?.getStepData;
  if (typeof getStepData !== 'function') return false;
  return (
    getStepData.call((context as ContextCursorInternals)._executionContext, operationId) !==
    undefined
  );
};

/**
 * Whether code running against `context` at this moment repeats code that an earlier invocation
 * already ran: {@link isReplaying}, plus the case the SDK (2.4) does not track, a child context that
 * an earlier invocation left unfinished (suspended by a wait, a callback or a retry delay). The SDK
 * re-runs such a child from its start in `ExecutionMode`, so its first lines would be written again;
 * here the child counts as replaying while the next operation it will start is already recorded.
 *
 * @example
 * ```ts
 * await context.runInChildContext('ship', async (child) => {
 *   if (!isReplayingNow(child)) console.log('packing'); // once, even if the child is resumed later
 *   await child.wait({ seconds: 1 });
 * });
 * ```
 */
export const isReplayingNow = (context: DurableContext): boolean => {
  const { _stepCounter: counter, durableExecutionMode: mode } = context as ContextCursorInternals;
  const last = lastAnswers.get(context);
  if (last !== undefined && last.counter === counter && last.mode === mode) return last.replaying;
  const replaying = isReplaying(context) || hasRecordedNextOperation(context);
  lastAnswers.set(context, { counter, mode, replaying });
  return replaying;
};

/**
 * The last answer of {@link isReplayingNow} per context. It can only change when the context starts
 * an operation (its counter moves) or changes replay mode, so log calls in between (the hot path
 * of a suppressed log line) skip building and hashing the next operation id.
 */
const lastAnswers = new WeakMap<
  DurableContext,
  { counter: unknown; mode: unknown; replaying: boolean }
>();

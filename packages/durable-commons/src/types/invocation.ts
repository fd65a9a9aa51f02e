import type { DurableContext } from '@aws/durable-execution-sdk-js';
import type { Context } from 'aws-lambda';

/**
 * Replay state of a durable context, as the SDK tracks it:
 * - `ExecutionMode`: code runs for the first time; side effects and logs are live.
 * - `ReplayMode`: code re-runs operations that already completed in an earlier invocation.
 * - `ReplaySucceededContext`: a child context that already succeeded is being re-entered.
 *
 * @example
 * ```ts
 * const mode: DurableExecutionMode | undefined = getDurableExecutionMode(context);
 * ```
 */
export type DurableExecutionMode = 'ExecutionMode' | 'ReplayMode' | 'ReplaySucceededContext';

/**
 * What one invocation of a durable execution knows about itself when the handler starts.
 *
 * @example
 * ```ts
 * const invocation: DurableInvocation = describeInvocation(context);
 * if (invocation.isFirstInvocation) logger.info('execution started');
 * ```
 */
export interface DurableInvocation {
  /** ARN of the durable execution (a bare id under the local test runner). */
  readonly executionArn: string;
  /**
   * `true` on the invocation that starts the execution: the checkpoint history holds nothing but the
   * execution itself. Every later invocation (after a wait, a callback, a retry delay) replays.
   */
  readonly isFirstInvocation: boolean;
  /** `Date.now()` when the handler began this invocation. */
  readonly startedAt: number;
  /** The root durable context of this invocation. */
  readonly context: DurableContext;
  /** The Lambda context of this invocation (request id, function name, remaining time). */
  readonly lambdaContext: Context;
}

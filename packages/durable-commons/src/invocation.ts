import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { getDurableExecutionMode, getExecutionArn } from './durableContext.js';
import type { DurableInvocation } from './types/invocation.js';

/**
 * Describes the invocation that is starting: call it where the handler (or a middleware's `before`)
 * begins, before any durable operation runs, because the root context leaves replay mode once the code
 * passes the last completed operation.
 *
 * `before` of a middy chain inside `withDurableExecution` runs on every invocation, while `after` and
 * `onError` run only on the invocation that completes the workflow: a suspended invocation's handler
 * promise never settles. Per-invocation state therefore has to be reset here, not cleaned up later.
 *
 * @example
 * ```ts
 * const invocation = describeInvocation(request.context);
 * if (invocation.isFirstInvocation) logger.info('execution started');
 * ```
 */
export const describeInvocation = (context: DurableContext): DurableInvocation => ({
  executionArn: getExecutionArn(context),
  isFirstInvocation: getDurableExecutionMode(context) !== 'ReplayMode',
  startedAt: Date.now(),
  context,
  lambdaContext: context.lambdaContext,
});

import {
  type DurableExecutionClient,
  DurableExecutionClientError,
  DurableExecutionClientErrorScope,
  type DurableExecutionInvocationInput,
  DurableExecutionInvocationInputWithClient,
  type DurableLambdaHandler,
  type OperationUpdate,
} from '@aws/durable-execution-sdk-js';

/**
 * Wraps `handler` so that Lambda reports `remainingMs` left on every invocation, as a function with a
 * short timeout would (the local runner always reports 900 000 ms). Use it to exercise timers armed
 * from the remaining time, such as middy's `timeoutEarlyInMillis`, which fire after an invocation
 * suspended.
 *
 * @example
 * ```ts
 * const result = await runDurable(withRemainingTime(handler, 300), { payload: {} });
 * ```
 */
export const withRemainingTime =
  (handler: DurableLambdaHandler, remainingMs: number): DurableLambdaHandler =>
  (input, context) =>
    handler(input, { ...context, getRemainingTimeInMillis: () => remainingMs });

/**
 * Options of {@link failCheckpointOnce}.
 *
 * @example
 * ```ts
 * const options: FailCheckpointOnceOptions = { failWhen: (update) => update.Type === 'CONTEXT' };
 * ```
 */
export interface FailCheckpointOnceOptions {
  /** Which checkpoint fails: the first whose updates contain one this returns `true` for. */
  failWhen: (update: OperationUpdate) => boolean;
  /** Called when Lambda's retry of the failed invocation starts, with the invocation's position. */
  onRetry?: (invocation: number) => void;
}

/**
 * Stands in for two things that cannot run here: a checkpoint call that fails transiently (throttled
 * or timed out), and Lambda retrying the invocation it failed. The first checkpoint matching
 * `failWhen` throws an INVOCATION-scoped `DurableExecutionClientError`, once per wrapper; the SDK then
 * ends that invocation as `RETRYING` and rethrows, and, as Lambda would, the wrapper invokes the
 * handler again with the same input (the local runner would reject the run instead). The checkpoint
 * token is still current for the retry because the failed call never reached the checkpoint server.
 *
 * @example
 * ```ts
 * const flaky = failCheckpointOnce(handler, { failWhen: (update) => update.Type === 'STEP' });
 * const result = await runDurable(flaky, { payload: {} });
 * ```
 */
export const failCheckpointOnce = (
  handler: DurableLambdaHandler,
  options: FailCheckpointOnceOptions,
): DurableLambdaHandler => {
  let failed = false;
  let invocations = 0;
  return async (input, context) => {
    const invocation = ++invocations;
    const real = (input as unknown as DurableExecutionInvocationInputWithClient)
      .durableExecutionClient;
    const flaky: DurableExecutionClient = {
      getExecutionState: (params, logger) => real.getExecutionState(params, logger),
      checkpoint: async (params, logger) => {
        if (!failed && params.Updates?.some(options.failWhen)) {
          failed = true;
          throw new DurableExecutionClientError('injected: checkpoint throttled', {
            scope: DurableExecutionClientErrorScope.INVOCATION,
          });
        }
        return real.checkpoint(params, logger);
      },
    };
    try {
      return await handler(
        new DurableExecutionInvocationInputWithClient(
          input as DurableExecutionInvocationInput,
          flaky,
        ) as unknown as DurableExecutionInvocationInput,
        context,
      );
    } catch {
      options.onRetry?.(invocation);
      return handler(input, context); // Lambda's retry of the same invocation
    }
  };
};

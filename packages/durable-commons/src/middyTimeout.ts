import type { DurableMiddlewareFn } from './types/middy.js';

/**
 * Whether `error` is the `TimeoutError` middy throws when `timeoutEarlyInMillis` (default 5 ms) runs
 * out before the handler settles.
 *
 * Under durable execution this is not a failure of the workflow: an invocation that suspends (a wait,
 * a callback, a retry delay) returns `PENDING` while its handler promise never settles, so middy's
 * timer fires later, in that frozen-and-thawed environment, and runs `onError` for an invocation that
 * already ended. `onError` handlers that release or roll back state must ignore it.
 *
 * @example
 * ```ts
 * onError: async (request) => {
 *   if (isMiddyTimeoutError(request.error)) return; // a suspended invocation, not a failed workflow
 *   await releaseClaim();
 * },
 * ```
 */
export const isMiddyTimeoutError = (error: unknown): boolean => {
  if (!(error instanceof Error) || error.name !== 'TimeoutError') return false;
  const cause = error.cause as { package?: unknown } | undefined;
  return cause?.package === '@middy/core';
};

/**
 * Wraps a durable middleware's `onError` so that it runs only when the workflow really failed, never
 * for middy's early `TimeoutError` that fires after a suspended invocation (see
 * {@link isMiddyTimeoutError}): that execution goes on, possibly in a later invocation of the same
 * warm sandbox, so nothing may be released, published or reset for it.
 *
 * @example
 * ```ts
 * return {
 *   before,
 *   after: (request) => publish(request),
 *   onError: onWorkflowError((request) => releaseClaim(request)),
 * };
 * ```
 */
export const onWorkflowError =
  <TEvent, TResult>(
    onError: DurableMiddlewareFn<TEvent, TResult>,
  ): DurableMiddlewareFn<TEvent, TResult> =>
  (request) =>
    isMiddyTimeoutError(request.error) ? undefined : onError(request);

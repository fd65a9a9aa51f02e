import type { DurableContext } from '@aws/durable-execution-sdk-js';

/**
 * The request a middy middleware sees when its chain runs inside `withDurableExecution`, or in middy 7's
 * durable mode: `context` is the SDK's {@link DurableContext}.
 *
 * Declared here, structurally, so that `@middy/core` stays an optional peer dependency.
 *
 * @example
 * ```ts
 * const before = (request: DurableMiddyRequest<SQSEvent>) => {
 *   console.log(request.context.executionContext.durableExecutionArn);
 * };
 * ```
 */
export interface DurableMiddyRequest<TEvent = unknown, TResult = unknown> {
  event: TEvent;
  context: DurableContext;
  response: TResult | null | undefined;
  error: Error | null | undefined;
  internal: Record<string, unknown>;
}

/**
 * One phase of a middleware: what middy calls with the request.
 *
 * @example
 * ```ts
 * const before: DurableMiddlewareFn = (request) => {
 *   request.internal[internalKey('example', 'startedAt')] = Date.now();
 * };
 * ```
 */
export type DurableMiddlewareFn<TEvent = unknown, TResult = unknown> = (
  request: DurableMiddyRequest<TEvent, TResult>,
) => unknown;

/**
 * A middy middleware object for durable handlers: pass it to `.use()` of a middy chain whose handler
 * receives a `DurableContext`.
 *
 * @example
 * ```ts
 * const middleware: DurableMiddlewareObj = { before: (request) => console.log(request.event) };
 * export const handler = withDurableExecution(middy(workflow).use(middleware));
 * ```
 */
export interface DurableMiddlewareObj<TEvent = unknown, TResult = unknown> {
  before?: DurableMiddlewareFn<TEvent, TResult>;
  after?: DurableMiddlewareFn<TEvent, TResult>;
  onError?: DurableMiddlewareFn<TEvent, TResult>;
}

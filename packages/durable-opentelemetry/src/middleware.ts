import {
  type DurableMiddlewareFn,
  type DurableMiddlewareObj,
  requireInvocation,
} from '@durable-powertools/commons';
import { type DurableOpenTelemetryOptions, resolveOptions } from './options.js';
import { startTracing } from './subscriber.js';

/** What `durableOpenTelemetry()` returns: the running tracing, also a middy middleware. */
export interface DurableOpenTelemetryTracing<TEvent = unknown, TResult = unknown>
  extends DurableMiddlewareObj<TEvent, TResult> {
  /** Fails the invocation with `DurablePluginNotRegisteredError` when no `DurablePowertoolsPlugin` drives it. */
  before: DurableMiddlewareFn<TEvent, TResult>;
  /** Stops tracing: later invocations get no spans. */
  dispose(): void;
}

/**
 * OpenTelemetry tracing for durable executions: ONE trace per execution, however many invocations it
 * takes, the trace the invocations arrive with (X-Ray `Root`/`Parent`/`Sampled`, else a W3C
 * `traceparent`), else one derived from the execution ARN. Call it once, at module scope next to your
 * tracer provider (options are checked here). Spans: `invocation <n>`, one per live attempt, child
 * context and resumed wait/callback/invoke, and the root `execution <name>`, exported once (this needs
 * {@link DurableIdGenerator}). Log records get `trace_id` and `span_id`. The suite's
 * `DurablePowertoolsPlugin` must be registered: standalone, nothing is traced without it; `.use()`d
 * as a middy middleware, its `before` fails the invocation with `DurablePluginNotRegisteredError`.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import middy from '@middy/core';
 * import { durableOpenTelemetry, DurablePowertoolsPlugin } from '@durable-powertools/opentelemetry';
 *
 * export const handler = withDurableExecution(middy(workflow).use(durableOpenTelemetry()), {
 *   plugins: [new DurablePowertoolsPlugin()],
 * });
 * ```
 *
 * @throws {DurableOpenTelemetryOptionError} at once, for an unknown option (naming the closest valid one) or a wrong value
 * @throws {DurableOpenTelemetryAlreadyActiveError} while an earlier call is active
 */
export function durableOpenTelemetry<TEvent = unknown, TResult = unknown>(
  options?: DurableOpenTelemetryOptions,
): DurableOpenTelemetryTracing<TEvent, TResult> {
  const utility = 'durableOpenTelemetry()';
  const dispose = startTracing(resolveOptions(options, utility));
  const before: DurableMiddlewareFn<TEvent, TResult> = (request) => {
    requireInvocation(request.context, utility, request.event);
  };
  return { before, dispose };
}

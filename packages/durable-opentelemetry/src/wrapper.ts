import type { DurableExecutionHandler } from '@aws/durable-execution-sdk-js';
import { requireInvocation } from '@durable-powertools/commons';
import { type DurableOpenTelemetryOptions, optionChecks, resolveOptions } from './options.js';
import { startTracing } from './subscriber.js';

/**
 * The plain wrapper (no middy, no class): `withDurableOpenTelemetry(workflow, options)` does what
 * the {@link durableOpenTelemetry} middleware does, with the same options: it starts tracing where it
 * is called (once, at module scope) and fails each invocation with `DurablePluginNotRegisteredError`
 * when no `DurablePowertoolsPlugin` drives it. Pass the result to `withDurableExecution`.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { DurablePowertoolsPlugin, withDurableOpenTelemetry } from '@durable-powertools/opentelemetry';
 *
 * export const handler = withDurableExecution(withDurableOpenTelemetry(workflow), {
 *   plugins: [new DurablePowertoolsPlugin()],
 * });
 * ```
 *
 * @throws {DurableOpenTelemetryOptionError} at once, when `handler` is not a function or an option is wrong
 * @throws {DurableOpenTelemetryAlreadyActiveError} while an earlier tracing is active
 */
export const withDurableOpenTelemetry = <TEvent = unknown, TResult = unknown>(
  handler: DurableExecutionHandler<TEvent, TResult>,
  options?: DurableOpenTelemetryOptions,
): DurableExecutionHandler<TEvent, TResult> => {
  const utility = 'withDurableOpenTelemetry()';
  if (typeof handler !== 'function') {
    optionChecks(utility).reject(
      'handler',
      handler,
      'the durable handler function (event, context) => Promise',
      'Call it as withDurableOpenTelemetry(handler, options).',
    );
  }
  startTracing(resolveOptions(options, utility));
  return async (event, context) => {
    requireInvocation(context, utility, event);
    return handler(event, context);
  };
};

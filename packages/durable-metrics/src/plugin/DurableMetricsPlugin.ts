import {
  DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
  type DurableInstrumentationPlugin,
  type DurableInstrumentationPluginProvider,
  type InvocationEndInfo,
  type InvocationInfo,
  type OperationInfo,
} from '@aws/durable-execution-sdk-js';
import type { MetricBuffer } from '../buffer/MetricBuffer.js';
import { type ChildScope, type CollectorHandle, shared } from '../shared.js';
import { InvocationGuardImpl } from './InvocationGuardImpl.js';

/** The SDK's `CustomerFn`: the child context function, wrapped by the SDK (not exported by it). */
type CustomerFn = () => unknown;

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

/**
 * Instrumentation plugin for `@aws/durable-execution-sdk-js` that gives `durableMetrics()` and
 * `withDurableMetrics()` the two signals only the SDK has:
 *
 * - how each invocation ended (`onInvocationEnd`): the workflow's completion documents are written
 *   only once the SDK reports `SUCCEEDED` or `FAILED`, never on `RETRYING`, so a completion whose
 *   checkpoint failed is not published twice when Lambda retries the invocation;
 * - when a child context's function finishes (`wrapChildContextFn`): its metrics are published from
 *   the invocation it finished in, exactly once, even if the workflow completes invocations later.
 *
 * Register it with `withDurableExecution(handler, { plugins: [new DurableMetricsPlugin()] })`, or,
 * for middy's durable mode (which passes no config), with the environment variable
 * `DURABLE_EXECUTION_PLUGINS=@durable-powertools/metrics/plugin`.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { DurableMetricsPlugin, durableMetrics } from '@durable-powertools/metrics';
 * import middy from '@middy/core';
 *
 * export const handler = withDurableExecution(middy(workflow).use(durableMetrics({ metrics })), {
 *   plugins: [new DurableMetricsPlugin()],
 * });
 * ```
 */
export class DurableMetricsPlugin implements DurableInstrumentationPlugin {
  public async onInvocationStart(info: InvocationInfo): Promise<void> {
    shared.guards.set(info.executionArn, new InvocationGuardImpl());
  }

  public async onInvocationEnd(info: InvocationEndInfo): Promise<void> {
    const guard = shared.guards.get(info.executionArn);
    shared.guards.delete(info.executionArn);
    guard?.settle(info.status, info.operations);
  }

  public wrapChildContextFn(info: OperationInfo, fn: CustomerFn): unknown {
    if (shared.invocation.getStore() === undefined) return fn();
    const scope: ChildScope = {
      operationId: info.id,
      ...(info.name === undefined ? {} : { operationName: info.name }),
      buffers: new Map<CollectorHandle, MetricBuffer>(),
    };
    const finish = (): void => {
      for (const [collector, buffer] of scope.buffers) collector.finishChild(scope, buffer);
    };
    const result = shared.childScope.run(scope, fn);
    if (!isThenable(result)) {
      finish();
      return result;
    }
    return Promise.resolve(result).then(
      (value) => {
        finish();
        return value;
      },
      (error: unknown) => {
        finish();
        throw error;
      },
    );
  }
}

/**
 * What the SDK loads from a module listed in `DURABLE_EXECUTION_PLUGINS`
 * (`@durable-powertools/metrics/plugin`).
 *
 * @example
 * ```sh
 * DURABLE_EXECUTION_PLUGINS=@durable-powertools/metrics/plugin
 * ```
 */
export const durableExecutionPluginProvider: DurableInstrumentationPluginProvider<DurableMetricsPlugin> =
  {
    pluginApiVersion: DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
    pluginType: DurableMetricsPlugin,
    createPlugin: () => new DurableMetricsPlugin(),
  };

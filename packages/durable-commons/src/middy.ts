import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { DurablePowertoolsPlugin } from './durablePowertoolsPlugin.js';
import type { DurableMiddlewareFn } from './types.js';

/**
 * A middy handler runs with the durable context when `withDurableExecution` wraps it (middy passes
 * whatever context it is called with to the middlewares and the handler). middy's type declares
 * only Lambda-context call signatures, so `withDurableExecution(middy(workflow).use(parser({ schema })))`
 * fails to type-check once a Powertools middleware widens the context type; this adds the durable
 * call signature that the runtime already has.
 */
declare module '@middy/core' {
  interface MiddyfiedHandler<
    TEvent = unknown,
    // biome-ignore lint/suspicious/noExplicitAny: repeats middy's own declaration, which merging requires
    TResult = any,
    TErr = Error,
    TContext extends import('aws-lambda').Context | DurableContext = import('aws-lambda').Context,
    // biome-ignore lint/complexity/noBannedTypes: repeats middy's own declaration, which merging requires
    TInternal extends Record<string, unknown> = {},
  > {
    // biome-ignore lint/style/useShorthandFunctionType: an interface merges with middy's; a type alias would not
    (event: TEvent, context: DurableContext): Promise<TResult>;
  }
}

/**
 * The `request.internal` key a utility keeps one piece of per-request state under:
 * `durable-powertools.<utility>.<name>`, so that utilities never collide with each other or with
 * other middlewares.
 *
 * @example
 * ```ts
 * request.internal[internalKey('metrics', 'invocation')] = invocation;
 * ```
 */
export const internalKey = (utility: string, name: string): string =>
  `durable-powertools.${utility}.${name}`;

const isMiddyTimeoutError = (error: unknown): boolean => {
  if (!(error instanceof Error) || error.name !== 'TimeoutError') return false;
  const cause = error.cause as { package?: unknown } | undefined;
  return cause?.package === '@middy/core';
};

/**
 * Wraps a middleware's `onError` so that middy's early-timeout `TimeoutError` is ignored: under
 * durable execution it fires after an invocation suspended (its handler never settles), often inside
 * a later invocation, and says nothing about the workflow.
 *
 * @example
 * ```ts
 * return { before, after, onError: onWorkflowError(onError) };
 * ```
 */
export const onWorkflowError =
  <TEvent, TResult>(
    onError: DurableMiddlewareFn<TEvent, TResult>,
  ): DurableMiddlewareFn<TEvent, TResult> =>
  (request) =>
    isMiddyTimeoutError(request.error) ? undefined : onError(request);

/** What middy 7 hands an execution mode (its `PluginExecutionMode` is typed `() => void`). */
type MiddyRunner = {
  middyRequest: (event: unknown, context: unknown) => { context: Record<string, unknown> };
  runRequest: (request: unknown, ...rest: unknown[]) => Promise<unknown>;
};
type MiddyPlugin = {
  requestStart?: (request: unknown) => void;
  requestEnd?: (request: unknown) => unknown;
};

const copyKeys = (
  to: Record<string, unknown>,
  from: Record<string, unknown> | undefined,
  keys: readonly string[],
): void => {
  for (const key of keys) to[key] = from?.[key];
};

/**
 * middy 7's durable execution mode with `DurablePowertoolsPlugin` registered in code: the same as
 * `executionModeDurableContext` from `@middy/core/DurableContext` (which passes the SDK no config,
 * so the plugin could otherwise only come from `DURABLE_EXECUTION_PLUGINS`).
 *
 * @example
 * ```ts
 * import { durableLogger, executionModeDurablePowertools } from '@durable-powertools/logger';
 * import middy from '@middy/core';
 *
 * export const handler = middy(workflow, { executionMode: executionModeDurablePowertools })
 *   .use(durableLogger());
 * ```
 */
export const executionModeDurablePowertools = (
  ...args: never[]
): ReturnType<typeof withDurableExecution> => {
  const [{ middyRequest, runRequest }, befores, lambdaHandler, afters, onErrors, plugin] =
    args as unknown as [MiddyRunner, unknown, unknown, unknown, unknown, MiddyPlugin];
  let handler = lambdaHandler;
  const durable = withDurableExecution(
    async (event: unknown, context: DurableContext) => {
      // middy's own key lists (what its durable mode copies onto the durable context).
      const { executionContextKeys, lambdaContextKeys } = (await import('@middy/util')) as {
        executionContextKeys: readonly string[];
        lambdaContextKeys: readonly string[];
      };
      const request = middyRequest(event, context);
      plugin.requestStart?.(request);
      const durableRequestContext = request.context;
      copyKeys(durableRequestContext, context.executionContext as never, executionContextKeys);
      copyKeys(durableRequestContext, context.lambdaContext as never, lambdaContextKeys);
      let failure: { error: unknown } | undefined;
      let response: unknown;
      try {
        response = await runRequest(request, befores, handler, afters, onErrors, plugin);
      } catch (error) {
        failure = { error };
      }
      try {
        await plugin.requestEnd?.(request);
      } catch (hookError) {
        if (failure === undefined) throw hookError;
        if (typeof failure.error === 'object' && failure.error !== null) {
          (failure.error as { cause?: unknown }).cause ??= hookError;
        }
      }
      if (failure !== undefined) throw failure.error;
      return response;
    },
    { plugins: [new DurablePowertoolsPlugin()] },
  );
  return Object.assign(durable, {
    handler: (replacement: unknown) => {
      handler = replacement;
      return durable;
    },
  });
};

import {
  type DurableContext,
  type DurableExecutionConfig,
  type DurableLambdaHandler,
  withDurableExecution,
} from '@aws/durable-execution-sdk-js';
import middy from '@middy/core';
import { executionModeDurableContext } from '@middy/core/DurableContext';
import { pluginConfig, withPluginFromEnvironment } from './plugin.js';

// biome-ignore lint/suspicious/noExplicitAny: test workflows take whatever event their scenario sends
export type Workflow = (event: any, context: DurableContext) => Promise<unknown>;

/** A middy middleware object, as `.use()` takes it. */
// biome-ignore lint/suspicious/noExplicitAny: middlewares of every utility, whatever their types
export type AnyMiddleware = middy.MiddlewareObj<any, any, Error, any>;

/** Builds a durable handler running `workflow` behind `middlewares`, with the suite's plugin. */
export type MiddyShape = (
  workflow: Workflow,
  middlewares: readonly AnyMiddleware[],
  config?: DurableExecutionConfig,
) => DurableLambdaHandler;

/**
 * The two middy shapes, each registering `DurablePowertoolsPlugin` the one way it can:
 * `withDurableExecution(middy(h), { plugins })`, and middy 7's durable mode with
 * `DURABLE_EXECUTION_PLUGINS`. `config` is merged for the first shape (extra plugins come after).
 */
export const middyShapes: Record<string, MiddyShape> = {
  'withDurableExecution(middy(handler))': (workflow, middlewares, config) => {
    const chain = middy(workflow);
    for (const middleware of middlewares) chain.use(middleware);
    return withDurableExecution(chain, {
      ...config,
      plugins: [...(pluginConfig().plugins ?? []), ...(config?.plugins ?? [])],
    });
  },
  'middy(handler, { executionMode: executionModeDurableContext })': (workflow, middlewares) =>
    withPluginFromEnvironment(() => {
      const chain = middy(workflow, { executionMode: executionModeDurableContext });
      for (const middleware of middlewares) chain.use(middleware);
      return chain as unknown as DurableLambdaHandler;
    }),
};

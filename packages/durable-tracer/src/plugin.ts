/**
 * `durableExecutionPluginProvider` of `@durable-powertools/tracer` (root and `/plugin`): the suite's
 * one plugin, `DurablePowertoolsPlugin`, the same as `@durable-powertools/commons/plugin`. With
 * middy 7's durable mode, which passes the SDK no config, list it in `DURABLE_EXECUTION_PLUGINS`; the
 * {@link durableTracer} middleware supplies your Tracer.
 *
 * @example
 * ```ts
 * // Lambda environment: DURABLE_EXECUTION_PLUGINS=@durable-powertools/commons/plugin
 * import middy from '@middy/core';
 * import { executionModeDurableContext } from '@middy/core/DurableContext';
 * import { durableTracer } from '@durable-powertools/tracer';
 *
 * export const handler = middy(workflow, { executionMode: executionModeDurableContext })
 *   .use(durableTracer({ tracer }));
 * ```
 */
export { durableExecutionPluginProvider } from '@durable-powertools/commons/plugin';
